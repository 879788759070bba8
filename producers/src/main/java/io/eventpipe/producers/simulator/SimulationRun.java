package io.eventpipe.producers.simulator;

import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulation sending on its own thread (for the demo). {@link #stop()} interrupts it, waits for what was
 * sent to be acknowledged and returns the truth of exactly that; {@link #await} waits for a finite run.
 */
public final class SimulationRun {
  private final Thread thread;
  private final CompletableFuture<GroundTruth> result = new CompletableFuture<>();
  private final AtomicLong delivered = new AtomicLong();

  private SimulationRun(SimulationConfig config, String bootstrapServers, KafkaClientSettings kafka) {
    this.thread = new Thread(() -> {
      try {
        result.complete(Simulator.send(config, bootstrapServers, kafka, delivered));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "eventpipe-simulator");
    thread.setDaemon(true);
  }

  static SimulationRun start(SimulationConfig config, String bootstrapServers, KafkaClientSettings kafka) {
    SimulationRun run = new SimulationRun(config, bootstrapServers, kafka);
    run.thread.start();
    return run;
  }

  /** Records the broker has acknowledged so far. */
  public long delivered() {
    return delivered.get();
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** Stops sending and returns the truth of what was delivered. */
  public GroundTruth stop() throws InterruptedException {
    thread.interrupt();
    return await(Duration.ofSeconds(60));
  }

  /** Waits for the run to end (a finite run, or after {@link #stop()}). */
  public GroundTruth await(Duration timeout) throws InterruptedException {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("simulation failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("simulation did not finish within " + timeout, e);
    }
  }
}
