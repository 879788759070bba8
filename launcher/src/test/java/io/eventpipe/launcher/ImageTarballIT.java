package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image tarball Jib wrote in {@code package} (no Docker daemon): tag, entry point, non-root user, layers. */
class ImageTarballIT {
  private static final Path TARBALL = Path.of("target/jib-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theImageRunsThePipelineAsANonRootUserWithTheHeapFromTheMemoryLimit(@TempDir Path dir) throws Exception {
    tar(dir, "-xf", TARBALL.toAbsolutePath().toString(), "manifest.json");
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
    assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("eventpipe:" + System.getProperty("project.version",
        "0.1.0-SNAPSHOT"));
    String configName = manifest.get("Config").asText();
    tar(dir, "-xf", TARBALL.toAbsolutePath().toString(), configName);
    JsonNode config = JSON.readTree(dir.resolve(configName).toFile()).get("config");

    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).containsExactly("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
        "-Deventpipe.home=/app", "-cp", "@/app/jib-classpath-file", PipelineCli.class.getName());
    assertThat(entrypoint).noneMatch(a -> a.startsWith("-Xmx"));
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.get("Env").toString()).contains("PATH=/opt/java/bin");

    // Layers: the runtime first (changes with the JDK), then dependencies, resources and classes (change most).
    List<String> layers = new ArrayList<>();
    manifest.get("Layers").forEach(l -> layers.add(l.asText()));
    assertThat(layers).hasSizeGreaterThanOrEqualTo(4);
    List<String> all = new ArrayList<>();
    for (String layer : layers) {
      tar(dir, "-xf", TARBALL.toAbsolutePath().toString(), layer);
      all.add(tar(dir, "-tvzf", dir.resolve(layer).toString()));
    }
    assertThat(String.join("\n", all))
        .containsPattern("-rwxr-xr-x .* /?opt/java/bin/java\\n")
        .contains("app/libs/kafka-clients-")
        .contains("app/classpath/pipeline.jar")
        .contains("app/deploy/alerting/alertmanager.yml")
        .contains("etc/passwd");
    int runtime = indexOf(all, "opt/java/bin/java");
    int classes = indexOf(all, "app/classpath/pipeline.jar");
    assertThat(runtime).isNotEqualTo(classes);
  }

  private static int indexOf(List<String> listings, String entry) {
    for (int i = 0; i < listings.size(); i++) {
      if (listings.get(i).contains(entry)) {
        return i;
      }
    }
    return -1;
  }

  private static String tar(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
