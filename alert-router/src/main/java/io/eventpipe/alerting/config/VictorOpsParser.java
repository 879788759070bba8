package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.VictorOpsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code victorops_configs} with Alertmanager 0.25's fields, defaults ({@code victorops.default.*}, message
 * type CRITICAL), checks (VictorOpsConfig.UnmarshalYAML) and global fallbacks ({@code victorops_api_url},
 * {@code victorops_api_key(_file)}; Config.UnmarshalYAML).
 */
final class VictorOpsParser {
  static final String DEFAULT_API_URL = "https://alert.victorops.com/integrations/generic/20131114/alert/";
  private static final List<String> RESERVED = List.of("routing_key", "message_type", "state_message",
      "entity_display_name", "monitoring_tool", "entity_id", "entity_state");

  private VictorOpsParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_key", "api_key_file", "api_url", "routing_key", "message_type", "state_message",
        "entity_display_name", "monitoring_tool", "custom_fields", "send_resolved", "http_config"));
    String routingKey = c.text("routing_key", "");
    if (routingKey.isEmpty()) {
      throw new IllegalArgumentException(c.path + ".routing_key: missing Routing key in VictorOps config");
    }
    p.templates.check(c.path + ".routing_key", routingKey);
    if (c.has("api_key") && c.has("api_key_file")) {
      throw new IllegalArgumentException(c.path + ": at most one of api_key & api_key_file must be configured");
    }
    Map<String, String> custom = new LinkedHashMap<>();
    c.child("custom_fields").fields().forEach((k, v) -> custom.put(k, c.expand(v.asText())));
    for (String reserved : RESERVED) {
      if (custom.containsKey(reserved)) {
        throw new IllegalArgumentException(c.path + ".custom_fields." + reserved + ": victorOps config contains "
            + "custom field " + reserved + " which cannot be used as it conflicts with the fixed/static fields");
      }
    }
    custom.forEach((k, v) -> p.templates.check(c.path + ".custom_fields." + k, v));
    Settings key = c;
    String keyField = "api_key";
    if (!c.has("api_key") && !c.has("api_key_file")) {
      key = p.global;
      keyField = "victorops_api_key";
      if (p.global.has("victorops_api_key") && p.global.has("victorops_api_key_file")) {
        throw new IllegalArgumentException(p.global.path + ": at most one of victorops_api_key & "
            + "victorops_api_key_file must be configured");
      }
      if (!p.global.has("victorops_api_key") && !p.global.has("victorops_api_key_file")) {
        throw new IllegalArgumentException(c.path + ".api_key: missing (no global VictorOps API Key set)");
      }
    }
    String apiKey = null;
    String apiKeyFile = null;
    if (key.has(keyField + "_file")) {
      apiKeyFile = p.file(key, keyField + "_file"); // read on every notification, as 0.25 does
    } else {
      apiKey = p.required(key, keyField);
      if (apiKey == null) {
        return null;
      }
    }
    String apiUrl = IntegrationParser.apiUrl(c.has("api_url") ? c : p.global, c.has("api_url") ? "api_url"
        : "victorops_api_url", DEFAULT_API_URL);
    return new VictorOpsConfig(apiKey, apiKeyFile, apiUrl, routingKey, p.template(c, "message_type", "CRITICAL"),
        p.template(c, "state_message", IntegrationParser.defaultTemplate("victorops.default.state_message")),
        p.template(c, "entity_display_name",
            IntegrationParser.defaultTemplate("victorops.default.entity_display_name")),
        p.template(c, "monitoring_tool", IntegrationParser.defaultTemplate("victorops.default.monitoring_tool")),
        custom, c.bool("send_resolved", true), p.http(c));
  }
}
