package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian package) evaluates a rule file and sends its alerts to the router as its
 * Alertmanager (API v2, bearer token); the router routes and delivers them.
 */
class PrometheusIntegrationTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir
  Path dir;

  @Test
  void prometheusAlertsAreRoutedAndDelivered() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus binary not installed at " + PROMETHEUS
        + " (apt-get install -y --no-install-recommends prometheus); skipping the real-Prometheus test");
    int routerPort = freePort();
    int prometheusPort = freePort();
    try (KafkaCluster kafka = KafkaClusters.start(); RecordingServer hook = new RecordingServer()) {
      Path amConfig = dir.resolve("alertmanager.yml");
      Files.writeString(amConfig, """
          route: {receiver: default, group_by: [alertname], group_wait: 1s, group_interval: 2s,
                  routes: [{matchers: ['severity="page"'], receiver: oncall}]}
          receivers:
          - name: default
            webhook_configs: [{url: '%s'}]
          - name: oncall
            webhook_configs: [{url: '%s'}]
          """.formatted(hook.url("/default"), hook.url("/oncall")));
      Files.writeString(dir.resolve("rules.yml"), """
          groups:
          - name: smoke
            interval: 1s
            rules:
            - alert: PrometheusSmoke
              expr: vector(1) > 0
              labels: {severity: page}
              annotations: {summary: 'value is {{ $value }}'}
          """);
      Files.writeString(dir.resolve("prometheus.yml"), """
          global: {evaluation_interval: 1s}
          rule_files: [rules.yml]
          alerting:
            alertmanagers:
            - api_version: v2
              authorization: {type: Bearer, credentials: prom-token}
              static_configs: [{targets: ['127.0.0.1:%d']}]
          """.formatted(routerPort));
      try (AlertRouterApp.Running router = AlertRouterApp.start(AlertRouterConfig.of(kafka.bootstrapServers(),
          amConfig, null).withHttpPort(routerPort).withBearerToken("prom-token").withApplicationId("alert-router-prom")
          .withStateDir(dir.resolve("state")).withTick(Duration.ofMillis(200)))) {
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
            // Prometheus drops alerts sent before its Alertmanager discovery settles (~5 s) and resends only after
            // this delay (default 1m); a short one keeps the test quick.
            "--rules.alert.resend-delay=2s")
            .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
          await().atMost(Duration.ofSeconds(90)).until(() -> !hook.delivered("/oncall").isEmpty());
          JsonNode body = hook.delivered("/oncall").get(0).body();
          assertThat(body.get("version").asText()).isEqualTo("4");
          assertThat(body.get("receiver").asText()).isEqualTo("oncall");
          JsonNode alert = body.get("alerts").get(0);
          assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("PrometheusSmoke");
          assertThat(alert.get("labels").get("severity").asText()).isEqualTo("page");
          assertThat(alert.get("annotations").get("summary").asText()).isEqualTo("value is 1");
          assertThat(URI.create(alert.get("generatorURL").asText()).getPath()).isEqualTo("/graph");
          assertThat(hook.delivered("/default")).isEmpty();
          JsonNode listed = new ApiClient(router.apiUrl(), "prom-token").json("GET", "/api/v2/alerts", null);
          assertThat(listed.size()).isEqualTo(1);
          assertThat(List.of(listed.get(0).get("status").get("state").asText())).containsExactly("active");
        } finally {
          prometheus.destroy();
          prometheus.waitFor();
        }
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
