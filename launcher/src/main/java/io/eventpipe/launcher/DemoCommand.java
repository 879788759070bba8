package io.eventpipe.launcher;

import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.alerting.AlertRouterApp;
import io.eventpipe.alerting.AlertRouterConfig;
import io.eventpipe.gpu.GpuCollector;
import io.eventpipe.gpu.GpuCollectorConfig;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.producers.simulator.Incident;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.SimulationRun;
import io.eventpipe.producers.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./pipeline demo}: the whole pipeline in one process — the embedded broker with the catalog topics,
 * the aggregator, the alert-router, the GPU collector when NVML is present, and the traffic simulator with a
 * schedule of incidents so alerts fire and resolve. Prints what runs where; Ctrl-C stops everything in
 * reverse order of starting.
 */
@Command(name = "demo", description = "Run the whole pipeline embedded: broker, simulator, aggregator, alert-router, GPU collector.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Kafka broker port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--rate", defaultValue = "200", description = "Simulated events per second; 0 runs no simulator (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--users", defaultValue = "2000", description = "Simulated user population (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--incident", paramLabel = "KIND[@START][+LENGTH]",
      description = "Simulated outage, repeatable (error-spike, latency-spike, queue-backlog, gpu-overheat). "
          + "Default: error-spike@1m+4m, queue-backlog@2m+4m, gpu-overheat@1m+5m.")
  List<String> incidents;

  @Option(names = "--no-incidents", description = "Simulate healthy traffic only.")
  boolean noIncidents;

  @Option(names = "--metrics-port", defaultValue = "9400", description = "Aggregator /metrics port (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--alert-port", defaultValue = "9401", description = "Alert-router Alertmanager API port (default ${DEFAULT-VALUE}).")
  int alertPort;

  @Option(names = "--gpu-port", defaultValue = "9402", description = "GPU collector /metrics port (default ${DEFAULT-VALUE}).")
  int gpuPort;

  @Option(names = "--alertmanager-config", description = "alertmanager.yml for the router (default deploy/alerting/alertmanager.yml).")
  Path alertmanagerConfig;

  @Option(names = "--rules", description = "Alert rules for the router (default deploy/alerting/demo-rules.yml: short hold times for the demo).")
  Path rules;

  @Option(names = "--metrics-config", paramLabel = "FILE",
      description = "metrics.yml for the aggregator (default: the built-in deploy/metrics/metrics.yml).")
  Path metricsConfig;

  @Option(names = "--data-dir", description = "Keep broker data and Streams state here across runs (default: temporary).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    validate();
    var definitions = AggregatorCommand.definitions(metricsConfig);
    List<Incident> schedule = noIncidents ? List.of() : (incidents == null
        ? List.of(Incident.parse("error-spike@1m+4m"), Incident.parse("queue-backlog@2m+4m"), Incident.parse("gpu-overheat@1m+5m"))
        : incidents.stream().map(Incident::parse).toList());
    Path home = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("eventpipe-demo");
    // The demo alertmanager.yml appends notifications to ${ALERT_LOG_FILE:-/tmp/eventpipe-alerts.jsonl}.
    String alertLog = System.getenv().getOrDefault("ALERT_LOG_FILE", "/tmp/eventpipe-alerts.jsonl");
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try (ShutdownSignal signal = new ShutdownSignal()) {
      try {
        EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(port, dataDir == null ? null : home.resolve("kafka"));
        running.push(broker);
        String bootstrap = broker.bootstrapServers();
        line("Kafka broker", bootstrap + "  (./pipeline tail --bootstrap " + bootstrap + " events.requests)");

        AggregatorApp aggregator = AggregatorApp.start(AggregatorConfig.defaults(bootstrap)
            .withMetricsPort(metricsPort).withStateDir(home.resolve("aggregator-state")).withDefinitions(definitions));
        running.push(aggregator);
        line("aggregator", aggregator.metricsUrl() + "   (health: /health/ready)");

        AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(bootstrap,
                orDefault(alertmanagerConfig, "deploy/alerting/alertmanager.yml"), orDefault(rules, "deploy/alerting/demo-rules.yml"))
            .withHttpPort(alertPort).withStateDir(home.resolve("alert-router-state")));
        running.push(router);
        line("alert-router", router.apiUrl() + "/api/v2/alerts   (notifications: console and " + alertLog + ")");

        if (Nvml.isAvailable()) {
          GpuCollector gpu = GpuCollector.start(GpuCollectorConfig.of(bootstrap).withHttpPort(gpuPort));
          running.push(gpu);
          line("gpu-collector", "http://127.0.0.1:" + gpu.httpPort() + "/metrics  (" + gpu.status() + ")");
        } else {
          line("gpu-collector", "not started: no NVML (libnvidia-ml.so.1) on this host; the simulator emits GPU samples");
        }

        if (rate > 0) {
          SimulationRun simulation = Simulator.start(SimulationConfig.defaults(seed).withRate(rate).withUsers(users)
              .withIncidents(schedule).withCustomEvents(metricsConfig != null), bootstrap);
          running.push(simulation::stop);
          line("simulator", rate + " events/s, seed " + seed + ", " + users + " users"
              + (schedule.isEmpty() ? "" : ", incidents " + schedule.stream().map(DemoCommand::describe).toList()));
        } else {
          line("simulator", "off (--rate 0): publish your own events to " + bootstrap);
        }
        System.out.println("Ctrl-C to stop.");
        System.out.flush();
        signal.await();
        System.out.println("stopping...");
      } finally {
        closeAll(running);
      }
    }
    return 0;
  }

  private void validate() {
    requirePort("--port", port);
    requirePort("--metrics-port", metricsPort);
    requirePort("--alert-port", alertPort);
    requirePort("--gpu-port", gpuPort);
    if (rate < 0) {
      throw new CliErrors.UserError("--rate must be >= 0 events/s, got " + rate);
    }
    if (users < 1) {
      throw new CliErrors.UserError("--users must be >= 1, got " + users);
    }
  }

  private static void requirePort(String option, int value) {
    if (value < 0 || value > 65535) {
      throw new CliErrors.UserError(option + " must be 0..65535 (0 picks a free port), got " + value);
    }
  }

  /** A file from the repository's deploy/ folder, found from the install location the ./pipeline script passes. */
  private static Path orDefault(Path given, String relative) {
    Path path = given != null ? given : Path.of(System.getProperty("eventpipe.home", ".")).resolve(relative);
    if (!Files.isRegularFile(path)) {
      throw new CliErrors.UserError("config file not found: " + path);
    }
    return path;
  }

  private static String describe(Incident incident) {
    return incident.kind().flag() + " from " + incident.start().toSeconds() + "s"
        + (incident.length() == null ? "" : " for " + incident.length().toSeconds() + "s");
  }

  private static void line(String what, String where) {
    System.out.printf("  %-14s %s%n", what, where);
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("error while stopping: " + e);
      }
    }
  }
}
