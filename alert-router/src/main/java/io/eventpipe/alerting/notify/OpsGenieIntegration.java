package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.template.TemplateData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpsGenie's Alert API v2 as Alertmanager 0.25's notify/opsgenie builds it (createRequests): firing groups POST
 * {@code v2/alerts} (alias = SHA-256 of the group key), then with {@code update_alerts} PUT
 * {@code v2/alerts/<alias>/message} and {@code .../description}; resolved groups POST
 * {@code v2/alerts/<alias>/close}; all with {@code Authorization: GenieKey <key>}. The requests go in that order and
 * the first failure ends the notification; 429 and 5xx are retried.
 */
final class OpsGenieIntegration implements Integration {
  private static final int MAX_MESSAGE = 130;
  private static final String BY_ALIAS = "?identifierType=alias";
  private final OpsGenieConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  OpsGenieIntegration(OpsGenieConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  /** One request of the sequence. */
  record Call(String method, String url, Map<String, Object> body) {}

  @Override
  public void send(Notification n) throws DeliveryException {
    TemplateData data = Payloads.templateData(n, externalUrl);
    List<Call> calls = calls(n.groupKey(), data);
    Map<String, String> headers = Map.of("Authorization", "GenieKey " + apiKey(data));
    for (Call c : calls) {
      http.send(c.method(), c.url(), "application/json", Json.write(c.body()), headers,
          HttpPost.Retry.SERVER_ERRORS_AND_429, "opsgenie");
    }
  }

  private String apiKey(TemplateData data) throws DeliveryException {
    String key = config.apiKey();
    if (key == null) {
      try {
        // 0.25 reads the file on every notification; we strip the trailing newline Go would put in the header
        key = Files.readString(Path.of(config.apiKeyFile())).strip();
      } catch (IOException e) {
        throw new DeliveryException("opsgenie: read key_file error: " + e.getMessage(), false, null, e);
      }
    }
    return render(key, data);
  }

  List<Call> calls(String groupKey, TemplateData data) {
    String alias = PagerDutyIntegration.dedupKey(groupKey);
    String base = config.apiUrl() + "v2/alerts";
    if ("resolved".equals(data.status())) {
      Map<String, Object> close = new LinkedHashMap<>();
      close.put("source", render(config.source(), data));
      return List.of(new Call("POST", base + "/" + alias + "/close" + BY_ALIAS, close));
    }
    Map<String, String> details = new TreeMap<>(data.commonLabels()); // Go encodes maps sorted by key
    config.details().forEach((k, v) -> details.put(k, render(v, data)));
    String message = Payloads.truncate(render(config.message(), data), MAX_MESSAGE);
    String description = render(config.description(), data);
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("alias", alias);
    create.put("message", message);
    SlackIntegration.putNonEmpty(create, "description", description);
    create.put("details", details);
    create.put("source", render(config.source(), data));
    List<Map<String, Object>> responders = responders(data);
    if (!responders.isEmpty()) {
      create.put("responders", responders);
    }
    putList(create, "tags", safeSplit(render(config.tags(), data)));
    SlackIntegration.putNonEmpty(create, "note", render(config.note(), data));
    SlackIntegration.putNonEmpty(create, "priority", render(config.priority(), data));
    SlackIntegration.putNonEmpty(create, "entity", render(config.entity(), data));
    putList(create, "actions", safeSplit(render(config.actions(), data)));
    List<Call> calls = new ArrayList<>();
    calls.add(new Call("POST", base, create));
    if (config.updateAlerts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      SlackIntegration.putNonEmpty(m, "message", message);
      calls.add(new Call("PUT", base + "/" + alias + "/message" + BY_ALIAS, m));
      Map<String, Object> d = new LinkedHashMap<>();
      SlackIntegration.putNonEmpty(d, "description", description);
      calls.add(new Call("PUT", base + "/" + alias + "/description" + BY_ALIAS, d));
    }
    return calls;
  }

  /**
   * Rendered responders, all-empty ones dropped (so they can come from labels); type "teams" (exactly: 0.25's
   * lower-casing at load never reaches the config) expands its comma-separated names, each rendered again, into
   * "team" responders.
   */
  private List<Map<String, Object>> responders(TemplateData data) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (OpsGenieConfig.Responder r : config.responders()) {
      String id = render(r.id(), data);
      String name = render(r.name(), data);
      String username = render(r.username(), data);
      String type = render(r.type(), data);
      if (id.isEmpty() && name.isEmpty() && username.isEmpty() && type.isEmpty()) {
        continue;
      }
      if (type.equals("teams")) {
        for (String team : safeSplit(name)) {
          out.add(responder("", render(team, data), "", "team"));
        }
        continue;
      }
      out.add(responder(id, name, username, type));
    }
    return out;
  }

  private static Map<String, Object> responder(String id, String name, String username, String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    SlackIntegration.putNonEmpty(m, "id", id);
    SlackIntegration.putNonEmpty(m, "name", name);
    SlackIntegration.putNonEmpty(m, "username", username);
    m.put("type", type);
    return m;
  }

  /** notify/opsgenie's safeSplit: the trimmed text split at commas, empty pieces dropped (others kept as is). */
  static List<String> safeSplit(String s) {
    List<String> out = new ArrayList<>();
    for (String piece : s.strip().split(",", -1)) {
      if (!piece.isEmpty()) {
        out.add(piece);
      }
    }
    return out;
  }

  private static void putList(Map<String, Object> m, String key, List<String> values) {
    if (!values.isEmpty()) {
      m.put(key, values);
    }
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}
