package io.eventpipe.launcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a command until Ctrl-C (SIGINT) or SIGTERM, then holds the JVM's exit until the command has closed
 * what it started: JVM shutdown hooks run concurrently with the main thread, so without this the broker
 * could be cut off mid-shutdown.
 */
final class ShutdownSignal implements AutoCloseable {
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  ShutdownSignal() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      requested.countDown();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown-signal"));
  }

  void await() throws InterruptedException {
    requested.await();
  }

  /** Called once everything is closed; lets the JVM exit. */
  @Override
  public void close() {
    finished.countDown();
  }
}
