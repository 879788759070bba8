package io.eventpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The published openAPIV3Schema of each custom resource the manifests use (vendored under
 * {@code src/test/resources/crd-schemas}, see its README), made strict: an object schema that lists its properties and
 * does not say {@code x-kubernetes-preserve-unknown-fields} refuses any other property, as the API server refuses
 * unknown fields under strict field validation instead of pruning them.
 */
final class CrdSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * OpenAPI 3.0's schema dialect (what openAPIV3Schema is) knowing Kubernetes' extensions: they steer the API server
   * (list merge keys, int-or-string, CEL rules in x-kubernetes-validations, which are not evaluated here) and validate
   * nothing themselves, except preserve-unknown-fields, which {@link #refuseUnknownProperties} honours.
   */
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialect.builder(Dialects.getOpenApi30())
      .keywords(Stream.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-list-type",
              "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations",
              "x-kubernetes-embedded-resource").map(NonValidationKeyword::new).toList())
      .build());
  private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

  private CrdSchemas() {}

  /** The schema of {@code apiVersion}/{@code kind}, when one is vendored. */
  static Optional<Schema> of(String apiVersion, String kind) {
    return named(apiVersion.replace('/', '_') + "_" + kind + ".json");
  }

  /** A vendored schema by its file name (a kind's, or a part of one such as the Prometheus CR's spec.alerting). */
  static Optional<Schema> named(String file) {
    String resource = "/crd-schemas/" + file;
    if (CrdSchemas.class.getResource(resource) == null) {
      return Optional.empty();
    }
    return Optional.of(LOADED.computeIfAbsent(resource, CrdSchemas::load));
  }

  /** The schema violations of {@code doc}, each as its JSON path and message. */
  static List<String> problems(Schema schema, JsonNode doc) {
    return schema.validate(doc).stream().map(Error::toString).toList();
  }

  private static Schema load(String resource) {
    try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
      JsonNode schema = JSON.readTree(in);
      refuseUnknownProperties(schema);
      return REGISTRY.getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void refuseUnknownProperties(JsonNode schema) {
    if (!(schema instanceof ObjectNode object)) {
      return;
    }
    if (object.has("properties") && !object.has("additionalProperties")
        && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      object.put("additionalProperties", false);
    }
    object.path("properties").forEach(CrdSchemas::refuseUnknownProperties);
    refuseUnknownProperties(object.path("items"));
    refuseUnknownProperties(object.path("additionalProperties"));
    refuseUnknownProperties(object.path("not"));
    for (String combination : List.of("allOf", "anyOf", "oneOf")) {
      object.path(combination).forEach(CrdSchemas::refuseUnknownProperties);
    }
  }
}
