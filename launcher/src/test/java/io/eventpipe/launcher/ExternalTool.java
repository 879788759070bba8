package io.eventpipe.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer tool (promtool, amtool) the way a user would; `./pipeline test` installs them. */
final class ExternalTool {
  private ExternalTool() {}

  record Result(int exitCode, String output) {}

  static Path require(String binary) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, binary + " is not installed; `./pipeline test` installs it (apt package prometheus)");
    throw new IllegalStateException("unreachable");
  }

  static Result run(Path workDir, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command));
    Process process = new ProcessBuilder(args).directory(workDir.toFile()).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
