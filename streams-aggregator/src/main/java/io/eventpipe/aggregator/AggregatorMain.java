package io.eventpipe.aggregator;

import io.eventpipe.aggregator.definitions.MetricDefinitions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one aggregator process until it is killed:
 * {@code AggregatorMain BOOTSTRAP METRICS_PORT STATE_DIR APP_ID [IDLE_TIMEOUT_MS [METRICS_YML]]}.
 * The user-facing command line with flags is {@code ./pipeline aggregator}; this entry point is what the
 * crash and multi-process tests start in a child JVM.
 */
public final class AggregatorMain {
  private AggregatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 4 || args.length > 6) {
      System.err.println(
          "usage: AggregatorMain BOOTSTRAP METRICS_PORT STATE_DIR APPLICATION_ID [IDLE_TIMEOUT_MS [METRICS_YML]]");
      System.exit(2);
    }
    AggregatorConfig config = AggregatorConfig.defaults(args[0]).withMetricsPort(Integer.parseInt(args[1]))
        .withStateDir(Path.of(args[2])).withApplicationId(args[3]);
    if (args.length >= 5) {
      config = config.withIdleTimeout(java.time.Duration.ofMillis(Long.parseLong(args[4])));
    }
    if (args.length == 6) {
      config = config.withDefinitions(MetricDefinitions.load(Path.of(args[5])));
    }
    AggregatorApp app = AggregatorApp.start(config);
    System.out.println("aggregator metrics at " + app.metricsUrl());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stop.countDown();
    }));
    stop.await();
  }
}
