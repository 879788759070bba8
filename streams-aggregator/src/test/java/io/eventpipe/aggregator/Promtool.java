package io.eventpipe.aggregator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code promtool check metrics} on an exposition. */
final class Promtool {
  private Promtool() {}

  static boolean installed() {
    return which("promtool");
  }

  private static boolean which(String binary) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }

  /** promtool's findings (stdout and stderr) and exit code, e.g. "exit 0: ". */
  static String checkMetrics(String exposition) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool did not finish");
    }
    return "exit " + process.exitValue() + ": " + out;
  }
}
