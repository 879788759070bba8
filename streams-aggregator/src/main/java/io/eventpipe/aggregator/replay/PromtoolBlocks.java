package io.eventpipe.aggregator.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Turns an OpenMetrics file into Prometheus TSDB blocks with {@code promtool tsdb create-blocks-from openmetrics}. */
final class PromtoolBlocks {
  private PromtoolBlocks() {}

  static boolean onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        return true;
      }
    }
    return false;
  }

  /** Builds the blocks in {@code dir}; throws with promtool's own output when it refuses. */
  static String create(Path openMetrics, Path dir) throws IOException, InterruptedException {
    if (!onPath()) {
      throw new IllegalStateException("--prometheus-blocks needs promtool on the PATH (Debian package prometheus)");
    }
    Files.createDirectories(dir);
    Process process = new ProcessBuilder("promtool", "tsdb", "create-blocks-from", "openmetrics",
        openMetrics.toString(), dir.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool tsdb create-blocks-from did not finish within 10 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("promtool tsdb create-blocks-from openmetrics " + openMetrics + " " + dir
          + " failed (exit " + process.exitValue() + "): " + out.strip());
    }
    return out;
  }
}
