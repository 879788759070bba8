package io.eventpipe.launcher;

import io.eventpipe.alerting.AlertRouterApp;
import io.eventpipe.alerting.AlertRouterConfig;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.config.AlertmanagerConfigLoader;
import io.eventpipe.alerting.dispatch.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./pipeline alert-router}: rules, alert routing and notification delivery with an Alertmanager API, until Ctrl-C. */
@Command(name = "alert-router", description = "Evaluate alert rules on the aggregates, accept Prometheus alerts on the "
    + "Alertmanager API, and route notifications (Alertmanager semantics, state in Kafka).")
final class AlertRouterCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (required unless --check).")
  String bootstrap;

  @Option(names = "--check", description = "Validate --config without Kafka, print what was understood (receivers, "
      + "routes, inhibit rules) and exit 0 if valid, 1 if not, as 'amtool check-config' does.")
  boolean check;

  @Mixin
  KafkaFlags kafka;

  @Mixin
  StandbyReplicasFlag standby;

  @Option(names = "--config", defaultValue = "deploy/alerting/alertmanager.yml", paramLabel = "FILE",
      description = "alertmanager.yml: route, receivers, inhibit_rules, templates (default ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--rules", defaultValue = "deploy/alerting/rules.yml", paramLabel = "FILE",
      description = "Alert rules on the aggregator's series (default ${DEFAULT-VALUE}).")
  Path rules;

  @Option(names = "--no-rules", description = "Evaluate no rules; only alerts posted to the API are routed.")
  boolean noRules;

  @Option(names = "--http-port", defaultValue = "9401", description = "Alertmanager API port (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Address the API binds to (default ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(names = "--bearer-token-file", paramLabel = "FILE",
      description = "Require 'Authorization: Bearer <token>' on the API; the token is read from this file "
          + "(or from ALERT_ROUTER_BEARER_TOKEN).")
  Path bearerTokenFile;

  @Option(names = "--application-id", defaultValue = "alert-router",
      description = "Kafka Streams application id; instances with the same id share the groups (default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state (default: <tmp>/eventpipe-alert-router).")
  Path stateDir;

  @Option(names = "--external-url", paramLabel = "URL", description = "URL receivers show as externalURL (default: the API URL).")
  String externalUrl;

  @Override
  public Integer call() throws Exception {
    if (check) {
      return check(config);
    }
    BootstrapFlag.require(bootstrap);
    int standbyReplicas = standby.require();
    if (httpPort < 0 || httpPort > 65535) {
      throw new CliErrors.UserError("--http-port must be 0..65535, got " + httpPort);
    }
    if (!Files.isReadable(config)) {
      throw new CliErrors.UserError("--config: cannot read " + config);
    }
    if (!noRules && !Files.isReadable(rules)) {
      throw new CliErrors.UserError("--rules: cannot read " + rules + " (or pass --no-rules)");
    }
    String token = System.getenv("ALERT_ROUTER_BEARER_TOKEN");
    if (bearerTokenFile != null) {
      token = Files.readString(bearerTokenFile).strip();
    }
    Path state = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "eventpipe-alert-router");
    AlertRouterConfig routerConfig = AlertRouterConfig.of(bootstrap, config, noRules ? null : rules)
        .withHttpPort(httpPort).withBearerToken(token).withApplicationId(applicationId).withStateDir(state)
        .withExternalUrl(externalUrl).withHttpHost(httpHost).withStandbyReplicas(standbyReplicas)
        .withKafkaOverrides(Map.<String, Object>copyOf(kafka.connect(bootstrap).asMap()));
    try (ShutdownSignal signal = new ShutdownSignal(); AlertRouterApp.Running router = AlertRouterApp.start(routerConfig)) {
      System.out.println("alert-router reading " + bootstrap + "; Alertmanager API at " + router.apiUrl()
          + (token == null ? "" : " (bearer token required)") + "; Ctrl-C to stop");
      signal.await();
      System.out.println("stopping the alert-router...");
    }
    return 0;
  }

  static int check(Path file) {
    AlertmanagerConfig c;
    try {
      c = AlertmanagerConfigLoader.load(file);
    } catch (IllegalArgumentException e) {
      System.out.println("Checking '" + file + "'  FAILED: " + e.getMessage());
      return 1;
    }
    System.out.println("Checking '" + file + "'  SUCCESS");
    System.out.println("Found:");
    System.out.println(" - route");
    printRoute(c.route(), "     ");
    System.out.println(" - " + c.inhibitRules().size() + " inhibit rules");
    c.inhibitRules().forEach(r -> System.out.println("     source " + r.source() + " target " + r.target()
        + " equal " + r.equal()));
    System.out.println(" - " + c.receivers().size() + " receivers");
    c.receivers().values().forEach(r -> System.out.println("     " + r.name() + ": "
        + (r.integrations().isEmpty() ? "(no integrations)" : String.join(", ", r.integrations().stream()
            .map(i -> i.type() + (i.sendResolved() ? "" : " (no resolved)")).toList()))));
    System.out.println(" - " + c.timeIntervals().intervals().size() + " time intervals");
    return 0;
  }

  private static void printRoute(Route r, String indent) {
    System.out.println(indent + (r.matchers().toString().isEmpty() ? "{}" : r.matchers()) + " -> " + r.opts().receiver()
        + " group_by=" + (r.opts().groupByAll() ? "[...]" : r.opts().groupBy()) + (r.continueMatching() ? " continue" : "")
        + " wait=" + r.opts().groupWait().toSeconds() + "s interval=" + r.opts().groupInterval().toSeconds()
        + "s repeat=" + r.opts().repeatInterval().toSeconds() + "s");
    r.routes().forEach(child -> printRoute(child, indent + "  "));
  }
}
