package io.eventpipe.alerting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code amtool} of Alertmanager 0.25 (Debian package prometheus-alertmanager), run as a child process. */
public final class Amtool {
  public static final Path BINARY = Path.of("/usr/bin/amtool");
  /** Alertmanager's own template files as the Debian package ships them. */
  public static final Path TEMPLATES = Path.of("/usr/share/prometheus/alertmanager");

  /** Exit status and output of one run. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private Amtool() {}

  public static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isRegularFile(TEMPLATES.resolve("default.tmpl"));
  }

  public static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TZ", "UTC");
    Path out = Files.createTempFile("amtool", ".out");
    Path err = Files.createTempFile("amtool", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("amtool did not finish: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What {@code amtool template render} prints for {@code text} over Alertmanager's templates and this data. */
  public static String render(String text, Path data, boolean html) throws IOException, InterruptedException {
    Result r = run("template", "render", "--template.glob=" + TEMPLATES.resolve("*.tmpl"), "--template.text=" + text,
        "--template.data=" + data, "--template.type=" + (html ? "html" : "text"));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("amtool template render failed: " + r.stderr());
    }
    return r.stdout();
  }

  public static Result checkConfig(Path config) throws IOException, InterruptedException {
    return run("check-config", config.toString());
  }
}
