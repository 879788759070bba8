package io.eventpipe.launcher;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ./pipeline ARGS} in its own JVM, as a user runs it: stdout and stderr collected apart, SIGTERM to stop. */
final class ChildCli implements AutoCloseable {
  private final Process process;
  private final List<String> out = Collections.synchronizedList(new ArrayList<>());
  private final List<String> err = Collections.synchronizedList(new ArrayList<>());
  private final Thread outReader;
  private final Thread errReader;

  private ChildCli(Process process) {
    this.process = process;
    this.outReader = reader(process.getInputStream(), out);
    this.errReader = reader(process.getErrorStream(), err);
  }

  static ChildCli start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC",
        // The production logging setup (JSON on stderr), not the tests' one: the child runs as users run it.
        "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(), "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName()));
    command.addAll(List.of(args));
    return new ChildCli(new ProcessBuilder(command).start());
  }

  /** Waits until stdout has a line containing {@code text}; fails early when the process ends first. */
  void awaitOut(String text, Duration atMost) {
    await().atMost(atMost).until(() -> hasOut(text) || !process.isAlive());
    if (!hasOut(text)) {
      throw new AssertionError("no '" + text + "' on stdout; exit " + process.exitValue() + "\n" + transcript());
    }
  }

  private boolean hasOut(String text) {
    synchronized (out) {
      return out.stream().anyMatch(l -> l.contains(text));
    }
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + atMost + "\n" + transcript());
    }
    joinReaders();
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> out() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  List<String> err() {
    synchronized (err) {
      return List.copyOf(err);
    }
  }

  String transcript() {
    return "stdout:\n" + String.join("\n", out()) + "\nstderr:\n" + String.join("\n", err());
  }

  /** SIGTERM (what Ctrl-C sends through the shell), then the exit code. */
  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    joinReaders();
  }

  private void joinReaders() throws InterruptedException {
    outReader.join(5_000);
    errReader.join(5_000);
  }

  private static Thread reader(InputStream stream, List<String> lines) {
    Thread thread = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
