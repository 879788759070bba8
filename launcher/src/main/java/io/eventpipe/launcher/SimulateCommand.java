package io.eventpipe.launcher;

import io.eventpipe.producers.simulator.Incident;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.SimulationRun;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.producers.truth.GroundTruth;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./pipeline simulate}: realistic, seeded traffic to a broker, optionally with its ground truth. */
@Command(name = "simulate", description = "Send simulated traffic (requests, generations, billing, activity, queue and GPU samples) to Kafka.")
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Mixin
  KafkaFlags kafka;

  @Option(names = "--rate", defaultValue = "100", description = "Events per second, simulated and wall clock (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--count", description = "Send this many events, then stop.")
  Long count;

  @Option(names = "--duration", converter = DurationConverter.class,
      description = "Cover this much simulated time (e.g. 10m), then stop. Without --count or --duration: until Ctrl-C.")
  Duration duration;

  @Option(names = "--seed", defaultValue = "42", description = "Randomness seed; same flags, same events (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", description = "Simulated time of the first event: ISO instant (2025-11-22T08:00:00Z) or "
      + "epoch ms (default: now; with --no-pace and a --count or --duration, early enough that the last event is now, "
      + "since the aggregator dead-letters events more than 5 minutes in the future).")
  String start;

  @Option(names = "--users", defaultValue = "1000", description = "Simulated user population (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--error-rate", defaultValue = "0.01", description = "Fraction of requests answered 5xx outside incidents (default ${DEFAULT-VALUE}).")
  double errorRate;

  @Option(names = "--incident", paramLabel = "KIND[@START][+LENGTH]",
      description = "Simulated outage, repeatable: error-spike, latency-spike, queue-backlog, gpu-overheat; e.g. latency-spike@30s+2m.")
  List<String> incidents;

  @Option(names = "--bad-ratio", defaultValue = "0", description = "Fraction of invalid records to inject, 0..1 (default ${DEFAULT-VALUE}).")
  double badRatio;

  @Option(names = "--truth", paramLabel = "FILE", description = "Write the ground truth (expected Prometheus series) of what was sent here.")
  Path truthFile;

  @Option(names = "--no-pace", description = "Send as fast as possible instead of at --rate per wall-clock second.")
  boolean noPace;

  @Option(names = "--custom-events", description = "Also emit generic events on events.custom (db queries, cache lookups, in-flight gauges).")
  boolean customEvents;

  @Override
  public Integer call() throws Exception {
    BootstrapFlag.require(bootstrap);
    if (count != null && duration != null) {
      throw new CliErrors.UserError("give --count or --duration, not both");
    }
    SimulationConfig config = new SimulationConfig(seed, startMs(), rate, count, duration, users, errorRate, badRatio,
        incidents == null ? List.of() : incidents.stream().map(Incident::parse).toList(), !noPace, customEvents);
    var settings = kafka.connect(bootstrap);
    long total = config.totalRecords();
    System.out.println("simulating " + (total < 0 ? "until Ctrl-C" : total + " events") + " at " + rate + "/s"
        + (noPace ? " (unpaced)" : "") + " to " + bootstrap + ", seed " + seed + ", start " + Instant.ofEpochMilli(config.startMs()));
    // The truth is written before the signal is released, so Ctrl-C still leaves a complete truth file.
    try (ShutdownSignal signal = new ShutdownSignal()) {
      SimulationRun run = Simulator.start(config, bootstrap, settings);
      Thread waiter = new Thread(() -> {
        try {
          signal.await();
          run.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "simulate-ctrl-c");
      waiter.setDaemon(true);
      waiter.start();
      GroundTruth truth = run.await(Duration.ofDays(3650));
      waiter.interrupt();
      System.out.println("sent " + truth.totalRecords() + " records " + truth.recordsSent()
          + (truth.rejected().isEmpty() ? "" : "; invalid on purpose " + truth.rejected()));
      if (truthFile != null) {
        truth.write(truthFile);
        System.out.println("ground truth written to " + truthFile);
      }
    }
    return 0;
  }

  private long startMs() {
    if (start == null) {
      long now = System.currentTimeMillis();
      if (noPace) {
        long span = count != null ? (long) Math.ceil(count * 1000.0 / rate)
            : duration != null ? duration.toMillis() : 0;
        return now - span;
      }
      return now;
    }
    try {
      return start.matches("\\d+") ? Long.parseLong(start) : Instant.parse(start).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new CliErrors.UserError("--start must be an ISO instant (2025-11-22T08:00:00Z) or epoch ms, got '" + start + "'");
    }
  }
}
