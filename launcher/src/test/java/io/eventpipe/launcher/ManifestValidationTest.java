package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered overlay is what a cluster takes: built-in kinds parse strictly into fabric8's model, custom
 * resources validate against their published CRD schemas; and a misspelled field is caught in each kind of check.
 */
class ManifestValidationTest {
  private static Map<String, JsonNode> production;

  @BeforeAll
  static void renderProduction() throws Exception {
    production = RenderedManifests.byKindName(RenderedManifests.render("production"));
  }

  static List<String> overlays() throws Exception {
    assertThat(RenderedManifests.overlays()).contains("dev", "production");
    return RenderedManifests.overlays();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overlays")
  void everyRenderedManifestIsValid(String overlay) throws Exception {
    List<JsonNode> docs = RenderedManifests.render(overlay);
    // every kind of check is exercised: built-in kinds through the model, custom resources through their schemas
    assertThat(docs.stream().map(d -> d.path("kind").asText()).distinct()).contains("KafkaTopic", "StatefulSet", "Service", "PodDisruptionBudget", "ServiceMonitor",
            "DaemonSet", "ConfigMap", "PrometheusRule");
    assertThat(docs.stream().flatMap(d -> ManifestValidation.problems(d).stream())).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      // built-in kinds, through fabric8's model
      "StatefulSet/aggregator   | /spec/template/spec/containers/0 | imagePullPolcy | .spec.template.spec.containers[0].imagePullPolcy",
      "StatefulSet/alert-router | /spec                            | replica        | .spec.replica",
      "Service/aggregator       | /spec/ports/0                    | targetport     | .spec.ports[0].targetport",
      "PodDisruptionBudget/aggregator | /spec                      | maxUnavailble  | .spec.maxUnavailble",
      "DaemonSet/gpu-collector  | /spec/template/spec              | nodeSelecter   | .spec.template.spec.nodeSelecter",
      "ConfigMap/eventpipe-dashboards | /metadata                  | label          | .metadata.label",
      // custom resources, through their CRD schemas
      "KafkaTopic/events.requests | /spec                          | partiton       | partiton",
      "ServiceMonitor/aggregator  | /spec/endpoints/0              | honourLabels   | honourLabels",
      "PrometheusRule/eventpipe   | /spec/groups/0/rules/0         | expresion      | expresion",
      "KafkaTopic/events.requests | /metadata                      | label          | .metadata.label",
  })
  void aMisspelledFieldIsRefused(String kindName, String parent, String field, String reported) {
    JsonNode doc = production.get(kindName).deepCopy();
    ((ObjectNode) doc.at(parent)).put(field, "x");
    assertThat(ManifestValidation.problems(doc)).as("problems of %s with %s", kindName, field)
        .isNotEmpty().allMatch(p -> p.startsWith(kindName + ": ")).anyMatch(p -> p.contains(reported));
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    JsonNode set = production.get("StatefulSet/aggregator").deepCopy();
    ((ObjectNode) set.at("/spec")).put("replicas", "three");
    assertThat(ManifestValidation.problems(set)).singleElement().asString()
        .startsWith("StatefulSet/aggregator: does not parse: ").contains("\"three\"");

    JsonNode topic = production.get("KafkaTopic/events.requests").deepCopy();
    ((ObjectNode) topic.at("/spec")).put("partitions", 0);
    ((ObjectNode) topic.at("/spec")).put("replicas", "3");
    assertThat(ManifestValidation.problems(topic)).containsExactlyInAnyOrder(
        "KafkaTopic/events.requests: /spec/partitions: must have a minimum value of 1",
        "KafkaTopic/events.requests: /spec/replicas: string found, integer expected");
  }

  @Test
  void anUnknownKindIsRefused() {
    ObjectNode scaled = production.get("Service/aggregator").deepCopy();
    scaled.put("kind", "Servise");
    assertThat(ManifestValidation.problems(scaled)).containsExactly("Servise/aggregator: unknown kind v1 Servise");
    ObjectNode podMonitor = production.get("ServiceMonitor/aggregator").deepCopy();
    podMonitor.put("kind", "PodMonitor");
    assertThat(ManifestValidation.problems(podMonitor))
        .containsExactly("PodMonitor/aggregator: no vendored CRD schema for monitoring.coreos.com/v1 PodMonitor");
  }
}
