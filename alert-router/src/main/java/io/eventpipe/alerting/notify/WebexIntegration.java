package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts the message Alertmanager 0.25's webex notifier ({@code webex.Notifier.Notify}) sends: the rendered markdown,
 * cut to 7439 UTF-8 bytes, and the room id, to the messages API with the entry's {@code http_config.authorization}
 * (Bearer by default). Only 5xx and network errors are retried, as its Retrier.
 */
final class WebexIntegration implements Integration {
  static final int MAX_MESSAGE_BYTES = 7439;
  private final WebexConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  WebexIntegration(WebexConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.apiUrl(), body(Payloads.templateData(n, externalUrl)),
        HttpPost.Retry.SERVER_ERRORS, "webex");
  }

  Map<String, Object> body(TemplateData data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("markdown", truncateInBytes(templates.render(config.message(), data), MAX_MESSAGE_BYTES));
    if (!config.roomId().isEmpty()) {
      body.put("roomId", config.roomId());
    }
    return body;
  }

  /**
   * Alertmanager's notify.TruncateInBytes: at most {@code max} UTF-8 bytes; when cut, whole code points filling
   * {@code max - 3} bytes and "…". (0.25 slices {@code max - 3} runes first and panics when a multi-byte text has
   * fewer runes than that; this keeps the prefix instead.)
   */
  static String truncateInBytes(String s, int max) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= max) {
      return s;
    }
    if (max <= 3) {
      return max == 3 ? "…" : ".".repeat(Math.max(0, max));
    }
    int budget = max - 3;
    int end = 0;
    int bytes = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > budget) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return s.substring(0, end) + "…";
  }
}
