package io.eventpipe.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a Java the sketch library refuses (above 21), the aggregator stops at start with a message that says so, before
 * it reaches Kafka, instead of a stream thread failing and being replaced on every record. Runs where such a JDK is
 * installed under /usr/lib/jvm (Temurin 25 on the build machines).
 */
class UnsupportedJavaTest {
  private static final Pattern FEATURE = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  @Test
  void theAggregatorRefusesToStartWithAReadableMessage(@TempDir Path dir) throws Exception {
    Optional<Path> java = newerJdk();
    assumeTrue(java.isPresent(), "no JDK above 21 under /usr/lib/jvm");
    Path log = dir.resolve("aggregator.log");
    Process process = new ProcessBuilder(java.get().toString(), "-cp", System.getProperty("java.class.path"),
        AggregatorMain.class.getName(), "127.0.0.1:1", "0", dir.resolve("state").toString(), "unsupported-java")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the aggregator did not stop");
    String output = Files.readString(log);
    assertEquals(1, process.exitValue(), output);
    assertTrue(output.contains("the distinct-user sketches (DataSketches) cannot run on Java"), output);
    assertTrue(output.contains("run the aggregator and replay on Java 17 or 21"), output);
    assertFalse(output.contains("cannot reach Kafka"), "the check runs before anything else: " + output);
  }

  /** The java launcher of a JDK under /usr/lib/jvm whose feature version is above 21, if any. */
  private static Optional<Path> newerJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(home -> Files.isRegularFile(home.resolve("release"))
              && Files.isExecutable(home.resolve("bin/java")) && feature(home) > 21)
          .map(home -> home.resolve("bin/java")).findFirst();
    }
  }

  private static int feature(Path home) {
    try {
      Matcher m = FEATURE.matcher(Files.readString(home.resolve("release")));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
