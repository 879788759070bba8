package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.TelegramConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Reads {@code telegram_configs} with Alertmanager 0.25's fields (no {@code bot_token_file}: 0.26 added it),
 * defaults (global {@code telegram_api_url}, parse_mode HTML, {@code telegram.default.message}) and the checks of
 * its {@code TelegramConfig.UnmarshalYAML}.
 */
final class TelegramParser {
  static final String DEFAULT_API_URL = "https://api.telegram.org";
  private static final Set<String> PARSE_MODES = Set.of("", "Markdown", "MarkdownV2", "HTML");

  private TelegramParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_url", "bot_token", "chat_id", "message", "disable_notifications", "parse_mode",
        "send_resolved", "http_config"));
    String token = p.required(c, "bot_token");
    if (token == null) {
      return null;
    }
    long chatId = 0;
    if (c.has("chat_id")) {
      String raw = c.text("chat_id", "0").strip();
      try {
        chatId = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(c.path + ".chat_id: expected an integer chat id, got '" + raw + "'");
      }
    }
    if (chatId == 0) {
      throw new IllegalArgumentException(c.path + ".chat_id: missing");
    }
    String parseMode = c.text("parse_mode", "HTML");
    if (!PARSE_MODES.contains(parseMode)) {
      throw new IllegalArgumentException(c.path + ".parse_mode: unknown parse_mode '" + parseMode
          + "', must be Markdown, MarkdownV2, HTML or empty string");
    }
    String apiUrl = c.has("api_url") ? url(c.path + ".api_url", c.text("api_url", ""))
        : url(p.global.path + ".telegram_api_url", p.global.text("telegram_api_url", DEFAULT_API_URL));
    return new TelegramConfig(apiUrl, token, chatId,
        p.template(c, "message", IntegrationParser.defaultTemplate("telegram.default.message")),
        c.bool("disable_notifications", false), parseMode, c.bool("send_resolved", true), p.http(c));
  }

  /** Alertmanager's config.parseURL: an http or https URL with a host. */
  static String url(String path, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(path + ": invalid URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(path + ": unsupported scheme \"" + (uri.getScheme() == null ? ""
          : uri.getScheme()) + "\" for URL");
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw new IllegalArgumentException(path + ": missing host for URL");
    }
    return value;
  }
}
