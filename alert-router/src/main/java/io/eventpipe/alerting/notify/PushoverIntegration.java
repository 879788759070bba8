package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The Pushover message Alertmanager 0.25's notify/pushover sends: every parameter in the query string of a POST
 * with an empty {@code text/plain} body (0.25 does not form-encode a body), encoded as Go's url.Values.Encode
 * (keys sorted, QueryEscape). Title, message and url are cut to 250, 1024 and 512 runes; an empty message becomes
 * "(no details)"; with {@code html} the message is rendered HTML-escaped and {@code html=1} added. Only 5xx is
 * retried (0.25's Retrier lists no codes).
 */
final class PushoverIntegration implements Integration {
  private static final int MAX_TITLE = 250;
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_URL = 512;
  private final PushoverConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  PushoverIntegration(PushoverConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    String query = encode(parameters(Payloads.templateData(n, externalUrl)));
    http.send("POST", config.apiUrl() + "?" + query, "text/plain", new byte[0], Map.of(),
        HttpPost.Retry.SERVER_ERRORS, "pushover");
  }

  Map<String, String> parameters(TemplateData data) {
    Map<String, String> p = new TreeMap<>();
    p.put("token", render(config.token(), data));
    p.put("user", render(config.userKey(), data));
    p.put("title", Payloads.truncate(render(config.title(), data), MAX_TITLE));
    String message;
    if (config.html()) {
      p.put("html", "1");
      message = config.message().isEmpty() ? "" : templates.renderHtml(config.message(), data);
    } else {
      message = render(config.message(), data);
    }
    message = Payloads.truncate(message, MAX_MESSAGE).strip(); // cut first, then trimmed, as 0.25 orders it
    p.put("message", message.isEmpty() ? "(no details)" : message);
    p.put("url", Payloads.truncate(render(config.url(), data), MAX_URL));
    p.put("url_title", render(config.urlTitle(), data));
    p.put("priority", render(config.priority(), data));
    p.put("retry", Long.toString(config.retry().toSeconds()));
    p.put("expire", Long.toString(config.expire().toSeconds()));
    p.put("sound", render(config.sound(), data));
    return p;
  }

  /** Go's url.Values.Encode: sorted keys, QueryEscape ('~' kept, '*' escaped, unlike URLEncoder). */
  static String encode(Map<String, String> sorted) {
    StringJoiner out = new StringJoiner("&");
    sorted.forEach((k, v) -> out.add(escape(k) + "=" + escape(v)));
    return out.toString();
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}
