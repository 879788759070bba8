package io.eventpipe.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Replaces every secret-bearing value of an alertmanager.yml with {@code <secret>} before the API shows it; a URL
 * keeps its scheme and host ({@code https://hooks.slack.com/<secret>}) so the shown config still loads in amtool
 * ({@code config routes test} reads it), which refuses a URL without a scheme.
 */
final class Redaction {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> URLS = Set.of("url", "api_url", "slack_api_url", "pagerduty_url", "proxy_url");
  private static final Set<String> SECRETS = Set.of("url", "api_url", "routing_key", "service_key",
      "auth_password", "slack_api_url", "smtp_auth_password", "smtp_auth_secret", "auth_secret", "api_key",
      "password", "bearer_token", "credentials");

  private Redaction() {}

  static String redact(String yaml) {
    try {
      JsonNode root = YAML.readTree(yaml);
      walk(root);
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      return "<config not shown: " + e.getClass().getSimpleName() + ">";
    }
  }

  private static String redactUrl(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url);
      if (uri.getScheme() != null && uri.getRawAuthority() != null) {
        String host = uri.getHost() != null ? uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
            : "redacted";
        return uri.getScheme() + "://" + host + "/<secret>";
      }
    } catch (IllegalArgumentException notAUrl) {
      // an environment reference or a typo: show nothing of it
    }
    return "<secret>";
  }

  private static void walk(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (SECRETS.contains(e.getKey()) && e.getValue().isValueNode()) {
          e.setValue(object.textNode(URLS.contains(e.getKey()) ? redactUrl(e.getValue().asText()) : "<secret>"));
        } else {
          walk(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(Redaction::walk);
    }
  }
}
