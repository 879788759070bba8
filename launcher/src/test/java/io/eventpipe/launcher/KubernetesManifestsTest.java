package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventpipe.schemas.topics.Topic;
import io.eventpipe.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/kubernetes without a cluster: the Strimzi topics are the catalog's and the PrometheusRule is rules.yml (one
 * source of truth each), each overlay renders with {@code kubectl kustomize} into the resources the apps need, and
 * the kube-prometheus-stack values point at what the overlay renders. (ManifestValidationTest checks every field.)
 */
class KubernetesManifestsTest {
  private static final Path KUBERNETES = RenderedManifests.KUBERNETES;
  private static final Path TOPICS_FILE = KUBERNETES.resolve("base/kafka-topics.yaml");
  private static final Path RULES = Path.of("../deploy/prometheus/rules.yml");
  private static final Path PROMETHEUS_RULE_FILE = KUBERNETES.resolve("base/prometheus-rules.yaml");
  private static final ObjectMapper YAML = new YAMLMapper();

  @Test
  void theStrimziTopicsAreGeneratedFromTheCatalog() throws Exception {
    String generated = kafkaTopics(Topics.ALL);
    if (Boolean.getBoolean("eventpipe.regenerate")) {
      Files.writeString(TOPICS_FILE, generated);
    }
    assertThat(Files.readString(TOPICS_FILE))
        .as("%s drifted from the topic catalog; regenerate it with -Deventpipe.regenerate=true", TOPICS_FILE)
        .isEqualTo(generated);
  }

  @Test
  void thePrometheusRuleIsGeneratedFromTheRulesFile() throws Exception {
    String generated = prometheusRule(Files.readString(RULES));
    if (Boolean.getBoolean("eventpipe.regenerate")) {
      Files.writeString(PROMETHEUS_RULE_FILE, generated);
    }
    assertThat(Files.readString(PROMETHEUS_RULE_FILE))
        .as("%s drifted from %s; regenerate it with -Deventpipe.regenerate=true", PROMETHEUS_RULE_FILE, RULES)
        .isEqualTo(generated);
    // the same groups, rule for rule, as Prometheus reads them from rules.yml
    assertThat(YAML.readTree(generated).at("/spec/groups")).isEqualTo(YAML.readTree(RULES.toFile()).at("/groups"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"dev, 1, 0", "production, 3, 1"})
  void everyOverlayRendersTheAppsWithTheirProbesAndScrapes(String overlay, int replicas, int standbys) throws Exception {
    List<JsonNode> docs = RenderedManifests.render(overlay);
    Map<String, JsonNode> byKindName = RenderedManifests.byKindName(docs);

    assertThat(docs.stream().filter(d -> d.at("/kind").asText().equals("KafkaTopic"))).hasSize(Topics.ALL.size());
    for (String app : List.of("aggregator", "alert-router")) {
      JsonNode set = byKindName.get("StatefulSet/" + app);
      assertThat(set.at("/spec/replicas").asInt()).isEqualTo(replicas);
      List<String> args = new ArrayList<>();
      set.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
      assertThat(args.stream().filter(a -> a.startsWith("--standby-replicas")))
          .isEqualTo(standbys == 0 ? List.of() : List.of("--standby-replicas=" + standbys));
      assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
      assertThat(set.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("eventpipe:0.1.0-SNAPSHOT");
      assertThat(set.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
      assertThat(byKindName).containsKey("PodDisruptionBudget/" + app);
      assertThat(byKindName.get("ServiceMonitor/" + app).at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
    }
    assertThat(byKindName.get("StatefulSet/aggregator").at("/spec/template/spec/containers/0/readinessProbe/httpGet/path")
        .asText()).isEqualTo("/health/ready");
    assertThat(byKindName.get("StatefulSet/alert-router").at("/spec/template/spec/containers/0/readinessProbe/httpGet/path")
        .asText()).isEqualTo("/-/ready");
    JsonNode rule = byKindName.get("PrometheusRule/eventpipe");
    assertThat(rule.at("/spec/groups")).isEqualTo(YAML.readTree(RULES.toFile()).at("/groups"));
    JsonNode dashboards = byKindName.get("ConfigMap/eventpipe-dashboards");
    assertThat(dashboards.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(dashboards.at("/data/eventpipe-overview.json").asText())
        .isEqualTo(Files.readString(Path.of("../deploy/grafana/eventpipe-overview.json")));
    JsonNode gpu = byKindName.get("DaemonSet/gpu-collector").at("/spec/template/spec/containers/0");
    assertThat(gpu.at("/env/0/name").asText()).isEqualTo("NODE_NAME");
    assertThat(gpu.at("/env/0/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("spec.nodeName");
    assertThat(gpu.at("/args").toString()).contains("--host=$(NODE_NAME)");
  }

  @Test
  void kubePrometheusStackSendsAlertsToTheRouterServiceOfTheProductionOverlay() throws Exception {
    Map<String, JsonNode> byKindName = RenderedManifests.byKindName(RenderedManifests.render("production"));
    JsonNode router = byKindName.get("Service/alert-router");
    JsonNode values = YAML.readTree(KUBERNETES.resolve("kube-prometheus-stack-values.yaml").toFile());

    JsonNode endpoints = values.at("/prometheus/prometheusSpec/alertingEndpoints");
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.get(0).at("/name").asText()).isEqualTo(router.at("/metadata/name").asText());
    assertThat(endpoints.get(0).at("/namespace").asText()).isEqualTo(router.at("/metadata/namespace").asText());
    assertThat(endpoints.get(0).at("/port").asText()).isEqualTo(router.at("/spec/ports/0/name").asText());
    assertThat(endpoints.get(0).at("/apiVersion").asText()).isEqualTo("v2");
    // the chart copies alertingEndpoints into the Prometheus CR's spec.alerting.alertmanagers: valid there, strictly
    var alerting = CrdSchemas.named("monitoring.coreos.com_v1_Prometheus.spec.alerting.json").orElseThrow();
    ObjectNode spec = YAML.createObjectNode().set("alertmanagers", endpoints.deepCopy());
    assertThat(CrdSchemas.problems(alerting, spec)).isEmpty();
    ((ObjectNode) spec.at("/alertmanagers/0")).put("nameSpace", "eventpipe");
    assertThat(CrdSchemas.problems(alerting, spec)).singleElement().asString().contains("'nameSpace'");
    // the chart's default selectors want a `release` label the pipeline's resources do not carry
    assertThat(byKindName.get("ServiceMonitor/aggregator").at("/metadata/labels/release").isMissingNode()).isTrue();
    assertThat(values.at("/prometheus/prometheusSpec/serviceMonitorSelectorNilUsesHelmValues").asBoolean(true)).isFalse();
    assertThat(values.at("/prometheus/prometheusSpec/ruleSelectorNilUsesHelmValues").asBoolean(true)).isFalse();
    JsonNode sidecar = values.at("/grafana/sidecar/dashboards");
    assertThat(byKindName.get("ConfigMap/eventpipe-dashboards").at("/metadata/labels")
        .get(sidecar.at("/label").asText()).asText()).isEqualTo(sidecar.at("/labelValue").asText());
  }

  /** The KafkaTopic resources of {@code topics}: replication 3 with min.insync.replicas 2, as the catalog says otherwise. */
  static String kafkaTopics(List<Topic> topics) {
    StringBuilder out = new StringBuilder("# Generated from the topic catalog (io.eventpipe.schemas.topics.Topics) by "
        + "KubernetesManifestsTest; do not edit.\n");
    for (Topic topic : topics) {
      Map<String, String> config = new TreeMap<>(topic.configs());
      config.put("min.insync.replicas", "2");
      out.append("---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata:\n  name: ")
          .append(topic.name()).append("\n  labels:\n    strimzi.io/cluster: eventpipe\nspec:\n  topicName: ")
          .append(topic.name()).append("\n  partitions: ").append(topic.partitions()).append("\n  replicas: 3\n  config:\n");
      config.forEach((k, v) -> out.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    }
    return out.toString();
  }

  /**
   * rules.yml as a Prometheus Operator PrometheusRule: its text indented under {@code spec}, leading comments dropped,
   * so the expressions are byte for byte the ones promtool tests.
   */
  static String prometheusRule(String rulesYml) {
    StringBuilder out = new StringBuilder("# Generated from deploy/prometheus/rules.yml by KubernetesManifestsTest; do not "
        + "edit.\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: eventpipe\nspec:\n");
    rulesYml.lines().dropWhile(line -> line.isBlank() || line.startsWith("#"))
        .forEach(line -> out.append(line.isEmpty() ? "" : "  " + line).append('\n'));
    return out.toString();
  }

}
