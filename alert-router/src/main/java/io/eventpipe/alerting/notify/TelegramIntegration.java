package io.eventpipe.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.template.TemplateData;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends what Alertmanager 0.25's telegram notifier does through telebot v3 ({@code Bot.Send} → {@code sendText} →
 * {@code Bot.Raw}): a JSON POST to {@code <api_url>/bot<token>/sendMessage} whose values are all strings (chat_id,
 * text cut to 4096 runes, parse_mode unless empty, disable_web_page_preview "true", disable_notification "true"
 * when set). telebot ignores the HTTP status and reads the reply's {@code ok}; every failure is retried, since
 * the notifier returns {@code true, err} for any error of {@code Send}.
 */
final class TelegramIntegration implements Integration {
  static final int MAX_MESSAGE_RUNES = 4096;
  private final TelegramConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  TelegramIntegration(TelegramConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  /** The endpoint telebot's Raw builds: URL + "/bot" + token + "/" + method. */
  String url() {
    return config.apiUrl() + "/bot" + config.botToken() + "/sendMessage";
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    String reply;
    try {
      reply = http.postJson(url(), body(Payloads.templateData(n, externalUrl)), "telegram");
    } catch (DeliveryException e) {
      // Any error from telebot's Send is retryable for the notifier, 4xx replies ("chat not found") included.
      throw e.retryable() ? e : new DeliveryException(e.getMessage(), true, e.retryAfter(), e.getCause());
    }
    check(reply);
  }

  Map<String, Object> body(TemplateData data) {
    // notify.TmplHTML when parse_mode is HTML, so label values cannot inject markup; TmplText otherwise.
    String text = "HTML".equals(config.parseMode()) ? templates.renderHtml(config.message(), data)
        : templates.render(config.message(), data);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("chat_id", Long.toString(config.chatId()));
    body.put("text", Payloads.truncate(text, MAX_MESSAGE_RUNES));
    if (!config.parseMode().isEmpty()) {
      body.put("parse_mode", config.parseMode());
    }
    body.put("disable_web_page_preview", "true");
    if (config.disableNotifications()) {
      body.put("disable_notification", "true");
    }
    return body;
  }

  /**
   * telebot's extractOk and extractMessage: a reply that is no JSON object, or whose {@code ok} is not true, is an
   * error ("telegram: description (code)"), honouring {@code parameters.retry_after} of a flood error.
   */
  static void check(String reply) throws DeliveryException {
    JsonNode root;
    try {
      root = reply == null || reply.isBlank() ? null : Json.MAPPER.readTree(reply);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new DeliveryException("telegram: reply is not a Bot API response", true, null, null);
    }
    if (root.path("ok").asBoolean(false) && root.path("ok").isBoolean()) {
      return;
    }
    JsonNode after = root.path("parameters").path("retry_after");
    throw new DeliveryException("telegram: " + root.path("description").asText("") + " ("
        + root.path("error_code").asInt(0) + ")", true, after.isNumber() ? Duration.ofSeconds(after.asLong()) : null,
        null);
  }
}
