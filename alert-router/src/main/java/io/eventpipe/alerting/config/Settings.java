package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one YAML mapping of the config: refuses fields the router does not know (naming them), expands
 * {@code ${ENV}} and {@code ${ENV:-default}} references and reads {@code *_file} secrets.
 */
final class Settings {
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  final String path;
  final JsonNode node;
  private final Function<String, String> env;
  private final Path baseDir;

  Settings(String path, JsonNode node, Function<String, String> env, Path baseDir) {
    this.path = path;
    this.node = node;
    this.env = env;
    this.baseDir = baseDir;
    if (node != null && !node.isNull() && !node.isObject()) {
      throw new IllegalArgumentException(path + ": expected a mapping");
    }
  }

  Settings child(String field) {
    return new Settings(path + "." + field, node == null ? null : node.get(field), env, baseDir);
  }

  Settings at(String field, int index, JsonNode item) {
    return new Settings(path + "." + field + "[" + index + "]", item, env, baseDir);
  }

  boolean has(String field) {
    return node != null && node.hasNonNull(field);
  }

  /** Fails on any field outside {@code known}; {@code unsupported} ones get a "not supported" message. */
  void onlyKnown(Set<String> known) {
    onlyKnown(known, Set.of());
  }

  void onlyKnown(Set<String> known, Set<String> unsupported) {
    if (node == null || node.isNull()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (unsupported.contains(field) && !isEmpty(node.get(field))) {
        throw new IllegalArgumentException(path + "." + field + ": not supported by the alert router");
      }
      if (!known.contains(field) && !unsupported.contains(field)) {
        throw new IllegalArgumentException(path + "." + field + ": unknown field");
      }
    }
  }

  private static boolean isEmpty(JsonNode n) {
    return n == null || n.isNull() || (n.isContainerNode() && n.isEmpty());
  }

  String text(String field, String fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode v = node.get(field);
    if (v.isContainerNode()) {
      throw new IllegalArgumentException(path + "." + field + ": expected a string");
    }
    return expand(v.asText());
  }

  boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    if (!node.get(field).isBoolean()) {
      throw new IllegalArgumentException(path + "." + field + ": expected true or false");
    }
    return node.get(field).asBoolean();
  }

  /**
   * A secret from {@code field} (with {@code ${ENV}} expansion) or {@code field_file}; null when it is unset or
   * refers only to unset environment variables (such an integration is left out, see the loader).
   */
  String secret(String field, String fallback) {
    if (has(field) && has(field + "_file")) {
      throw new IllegalArgumentException(path + ": at most one of " + field + " and " + field + "_file");
    }
    if (has(field + "_file")) {
      Path file = baseDir.resolve(text(field + "_file", ""));
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(path + "." + field + "_file: cannot read " + file + ": " + e.getMessage());
      }
    }
    String value = text(field, fallback);
    return value == null || value.isBlank() ? null : value;
  }

  String expand(String raw) {
    Matcher m = ENV.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if ((value == null || value.isEmpty()) && m.group(2) != null) {
        value = m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  Map<String, JsonNode> fields() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }
}
