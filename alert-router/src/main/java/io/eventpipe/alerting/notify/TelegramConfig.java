package io.eventpipe.alerting.notify;

/**
 * {@code telegram_configs} as Alertmanager 0.25 has them: a Bot API {@code sendMessage} to {@code apiUrl} (default
 * the global {@code telegram_api_url}) for {@code chatId}, the message a template rendered HTML-escaped when
 * {@code parseMode} is {@code HTML} (the default); {@code parseMode} empty sends none.
 */
public record TelegramConfig(String apiUrl, String botToken, long chatId, String message,
    boolean disableNotifications, String parseMode, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  @Override
  public String type() {
    return "telegram";
  }

  @Override
  public String toString() {
    return "TelegramConfig[apiUrl=" + apiUrl + ", botToken=<secret>, chatId=" + chatId + ", parseMode=" + parseMode
        + "]";
  }
}
