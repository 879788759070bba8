package io.eventpipe.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.template.TemplateData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager 0.25's wechat Notify: GET {@code gettoken?corpid=..&corpsecret=..} when no token is cached or it
 * is older than 2 hours, then POST the message to {@code message/send?access_token=..}. Replies are classified as
 * 0.25 does: a non-200 status or a non-JSON reply is retryable; the reply's {@code code} 0 is success, 42001
 * (token expired) drops the token and is retryable, any other code is not. 0.25 reads {@code code}/{@code error},
 * not WeChat's {@code errcode}/{@code errmsg}, so a reply with only a non-zero {@code errcode} counts as delivered
 * there and here (we log it).
 */
final class WeChatIntegration implements Integration {
  private static final Logger LOG = LoggerFactory.getLogger(WeChatIntegration.class);
  private static final Duration TOKEN_AGE = Duration.ofHours(2);
  private final WeChatConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;
  private final Clock clock;
  private String token;
  private Instant tokenAt;

  WeChatIntegration(WeChatConfig config, HttpPost http, Templates templates, String externalUrl, Clock clock) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
    this.clock = clock;
  }

  @Override
  public synchronized void send(Notification n) throws DeliveryException {
    TemplateData data = Payloads.templateData(n, externalUrl);
    if (token == null || Duration.between(tokenAt, clock.instant()).compareTo(TOKEN_AGE) > 0) {
      fetchToken(data);
    }
    HttpPost.Answer reply = http.postJsonAnswer(url("message/send", Map.of("access_token", token)), body(data),
        "wechat");
    if (reply.status() != 200) {
      throw new DeliveryException("wechat: unexpected status code " + reply.status(), true, null, null);
    }
    JsonNode r;
    try {
      r = Json.MAPPER.readTree(reply.body());
    } catch (java.io.IOException e) {
      throw new DeliveryException("wechat: reply is not JSON: " + e.getMessage(), true, null, e);
    }
    int code = intField(r, "code");
    if (code == 0) {
      int errcode = intField(r, "errcode");
      if (errcode != 0) {
        LOG.warn("wechat: reply errcode {} ({}) ignored, as Alertmanager 0.25 ignores it", errcode,
            r.path("errmsg").asText(""));
      }
      return;
    }
    String error = r.path("error").asText("");
    if (code == 42001) {
      token = null;
      throw new DeliveryException("wechat: " + error, true, null, null);
    }
    throw new DeliveryException("wechat: " + error, false, null, null);
  }

  /** Go's case-insensitive JSON field matching for an int field, 0 when absent or not a number. */
  private static int intField(JsonNode r, String name) {
    if (r == null || !r.isObject()) {
      return 0;
    }
    for (var it = r.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && e.getValue().isNumber()) {
        return e.getValue().asInt();
      }
    }
    return 0;
  }

  private void fetchToken(TemplateData data) throws DeliveryException {
    Map<String, String> query = new TreeMap<>();
    query.put("corpsecret", render(config.apiSecret(), data));
    query.put("corpid", render(config.corpId(), data));
    HttpPost.Answer reply = http.getAnswer(url("gettoken", query, false), "wechat token");
    String value;
    try {
      value = Json.MAPPER.readTree(reply.body()).path("access_token").asText("");
    } catch (java.io.IOException e) {
      throw new DeliveryException("wechat token: reply is not JSON: " + e.getMessage(), false, null, e);
    }
    if (value.isEmpty()) {
      throw new DeliveryException("wechat: invalid APISecret for CorpID: " + config.corpId(), false, null, null);
    }
    token = value;
    tokenAt = clock.instant();
  }

  private String url(String path, Map<String, String> query) {
    return url(path, query, true);
  }

  /** The API URL with {@code path} appended; its own query kept (and set over) or replaced, as 0.25 does. */
  private String url(String path, Map<String, String> query, boolean keepQuery) {
    String base = config.apiUrl();
    int q = base.indexOf('?');
    TreeMap<String, List<byte[]>> values = new TreeMap<>();
    if (q >= 0 && keepQuery) {
      for (String pair : base.substring(q + 1).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          values.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    query.forEach((k, v) -> values.put(k, List.of(v.getBytes(StandardCharsets.UTF_8))));
    return (q < 0 ? base : base.substring(0, q)) + path + "?" + GoForm.encode(values);
  }

  /** 0.25's weChatMessage: text and markdown are structs, so both are always encoded (omitempty skips neither). */
  Map<String, Object> body(TemplateData data) {
    String content = render(config.message(), data);
    boolean markdown = "markdown".equals(config.messageType());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", Map.of("content", markdown ? "" : content));
    SlackIntegration.putNonEmpty(body, "touser", render(config.toUser(), data));
    SlackIntegration.putNonEmpty(body, "toparty", render(config.toParty(), data));
    SlackIntegration.putNonEmpty(body, "totag", render(config.toTag(), data));
    SlackIntegration.putNonEmpty(body, "agentid", render(config.agentId(), data));
    body.put("safe", "0");
    body.put("msgtype", config.messageType());
    body.put("markdown", Map.of("content", markdown ? content : ""));
    return body;
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}
