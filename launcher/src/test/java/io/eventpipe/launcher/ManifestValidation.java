package io.eventpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a cluster would refuse in one rendered manifest, without a cluster: a custom resource (Strimzi, Prometheus
 * Operator) against its vendored CRD schema plus a strict {@code metadata}; every other kind strictly into fabric8's
 * Kubernetes model. A custom resource kind without a vendored schema is itself a problem, so nothing goes unchecked.
 */
final class ManifestValidation {
  private static final Set<String> CUSTOM_GROUPS = Set.of("kafka.strimzi.io", "monitoring.coreos.com");

  private ManifestValidation() {}

  /** Each problem of {@code doc}, prefixed with its Kind/name; empty when a cluster would take it as it is. */
  static List<String> problems(JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText();
    String kind = doc.path("kind").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    List<String> problems = new ArrayList<>();
    if (CUSTOM_GROUPS.contains(group)) {
      CrdSchemas.of(apiVersion, kind).ifPresentOrElse(
          schema -> {
            problems.addAll(CrdSchemas.problems(schema, doc));
            problems.addAll(StrictKubernetesModel.metadataProblems(doc.path("metadata")));
          },
          () -> problems.add("no vendored CRD schema for " + apiVersion + " " + kind));
    } else {
      problems.addAll(StrictKubernetesModel.problems(doc));
    }
    String name = RenderedManifests.kindName(doc);
    return problems.stream().map(p -> name + ": " + p).toList();
  }
}
