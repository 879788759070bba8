package io.eventpipe.launcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses a manifest of a built-in kind into fabric8's Kubernetes model and refuses every field the model does not
 * know (fabric8 keeps those in {@code additionalProperties} instead of failing, so they are looked for after parsing),
 * as {@code kubectl apply} with strict field validation does.
 */
final class StrictKubernetesModel {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private StrictKubernetesModel() {}

  /** The problems of {@code doc}: an unknown kind, a value of the wrong type, or each unknown field by its path. */
  static List<String> problems(JsonNode doc) {
    HasMetadata parsed;
    try {
      parsed = SERIALIZATION.unmarshal(doc.toString(), HasMetadata.class);
    } catch (RuntimeException e) {
      return List.of("does not parse: " + rootMessage(e));
    }
    if (parsed instanceof GenericKubernetesResource) {
      return List.of("unknown kind " + doc.at("/apiVersion").asText() + " " + doc.at("/kind").asText());
    }
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(parsed, "", unknown);
    return unknown.stream().map(path -> "unknown field " + path).toList();
  }

  /** The problems of a CRD object's {@code metadata}, which the CRD schemas leave to the API server. */
  static List<String> metadataProblems(JsonNode metadata) {
    io.fabric8.kubernetes.api.model.ObjectMeta parsed;
    try {
      parsed = SERIALIZATION.unmarshal(metadata.toString(), io.fabric8.kubernetes.api.model.ObjectMeta.class);
    } catch (RuntimeException e) {
      return List.of("metadata does not parse: " + rootMessage(e));
    }
    List<String> unknown = new ArrayList<>();
    collectUnknownFields(parsed, ".metadata", unknown);
    return unknown.stream().map(path -> "unknown field " + path).toList();
  }

  private static void collectUnknownFields(Object value, String path, List<String> unknown) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
    } else if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object element : list) {
        collectUnknownFields(element, path + "[" + i++ + "]", unknown);
      }
    } else if (value != null && value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())) {
            continue;
          }
          field.setAccessible(true);
          Object fieldValue = read(field, value);
          if (field.getName().equals("additionalProperties")) {
            ((Map<?, ?>) fieldValue).keySet().forEach(k -> unknown.add(path + "." + k));
          } else {
            JsonProperty json = field.getAnnotation(JsonProperty.class);
            String name = json != null && !json.value().isEmpty() ? json.value() : field.getName();
            collectUnknownFields(fieldValue, path + "." + name, unknown);
          }
        }
      }
    }
  }

  /** The first line of the innermost cause (fabric8 wraps Jackson's precise message in a generic one). */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
  }

  private static Object read(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
