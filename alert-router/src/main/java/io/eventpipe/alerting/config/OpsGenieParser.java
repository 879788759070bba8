package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.OpsGenieConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code opsgenie_configs} with Alertmanager 0.25's fields, defaults ({@code opsgenie.default.*}), responder
 * checks (OpsGenieConfig.UnmarshalYAML) and global fallbacks ({@code opsgenie_api_url}, {@code opsgenie_api_key(_file)};
 * Config.UnmarshalYAML).
 */
final class OpsGenieParser {
  static final String DEFAULT_API_URL = "https://api.opsgenie.com/";
  private static final Set<String> TYPES = Set.of("team", "teams", "user", "escalation", "schedule");

  private OpsGenieParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_key", "api_key_file", "api_url", "message", "description", "source", "details",
        "entity", "responders", "actions", "tags", "note", "priority", "update_alerts", "send_resolved",
        "http_config"));
    if (c.has("api_key") && c.has("api_key_file")) {
      throw new IllegalArgumentException(c.path + ": at most one of api_key & api_key_file must be configured");
    }
    Settings key = c.has("api_key") || c.has("api_key_file") ? c : null;
    String keyField = "api_key";
    if (key == null) {
      key = p.global;
      keyField = "opsgenie_api_key";
      if (p.global.has("opsgenie_api_key") && p.global.has("opsgenie_api_key_file")) {
        throw new IllegalArgumentException(p.global.path + ": at most one of opsgenie_api_key & "
            + "opsgenie_api_key_file must be configured");
      }
      if (!p.global.has("opsgenie_api_key") && !p.global.has("opsgenie_api_key_file")) {
        throw new IllegalArgumentException(c.path + ".api_key: missing (no global OpsGenie API Key set either "
            + "inline or in a file)");
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
      p.templates.check(key.path + "." + keyField, apiKey); // 0.25 renders the key as a template
    }
    String apiUrl = IntegrationParser.apiUrl(c.has("api_url") ? c : p.global, c.has("api_url") ? "api_url"
        : "opsgenie_api_url", DEFAULT_API_URL);
    Map<String, String> details = new LinkedHashMap<>();
    c.child("details").fields().forEach((k, v) -> details.put(k, c.expand(v.asText())));
    details.forEach((k, v) -> p.templates.check(c.path + ".details." + k, v));
    List<OpsGenieConfig.Responder> responders = p.list(c, "responders", OpsGenieConfig.Responder[].class);
    for (int i = 0; i < responders.size(); i++) {
      OpsGenieConfig.Responder r = responders.get(i);
      String at = c.path + ".responders[" + i + "]";
      if (empty(r.id()) && empty(r.username()) && empty(r.name())) {
        throw new IllegalArgumentException(at + ": has to have at least one of id, username or name specified");
      }
      String type = r.type() == null ? "" : r.type();
      if (type.contains("{{")) {
        p.templates.check(at + ".type", type);
      } else if (!TYPES.contains(type.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(at + ".type: '" + type + "' does not match valid options "
            + "^(team|teams|user|escalation|schedule)$");
      }
      for (String f : new String[] {r.id(), r.name(), r.username()}) {
        if (f != null) {
          p.templates.check(at, f);
        }
      }
    }
    return new OpsGenieConfig(apiKey, apiKeyFile, apiUrl,
        p.template(c, "message", IntegrationParser.defaultTemplate("opsgenie.default.message")),
        p.template(c, "description", IntegrationParser.defaultTemplate("opsgenie.default.description")),
        p.template(c, "source", IntegrationParser.defaultTemplate("opsgenie.default.source")), details,
        p.template(c, "entity", ""), responders, p.template(c, "actions", ""), p.template(c, "tags", ""),
        p.template(c, "note", ""), p.template(c, "priority", ""), c.bool("update_alerts", false),
        c.bool("send_resolved", true), p.http(c));
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
