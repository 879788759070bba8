package io.eventpipe.alerting.notify;

import java.time.Duration;

/**
 * {@code pushover_configs} as Alertmanager 0.25 has them: one message per notification to Pushover's fixed API
 * ({@link #API_URL}; {@code apiUrl} differs only in tests), user key, token and texts all templates.
 */
public record PushoverConfig(String apiUrl, String userKey, String token, String title, String message, String url,
    String urlTitle, String sound, String priority, Duration retry, Duration expire, boolean html,
    boolean sendResolved, HttpClientConfig http) implements IntegrationConfig {

  /** The endpoint 0.25 hard-codes (notify/pushover New); no config field changes it. */
  public static final String API_URL = "https://api.pushover.net/1/messages.json";

  @Override
  public String type() {
    return "pushover";
  }

  @Override
  public String toString() {
    return "PushoverConfig[userKey=<secret>, token=<secret>, priority=" + priority + "]";
  }
}
