package io.eventpipe.alerting.notify;

/**
 * {@code webex_configs} as Alertmanager 0.25 has them: a markdown message (a template) for {@code roomId} posted to
 * {@code apiUrl} (default the global {@code webex_api_url}), authenticated by the entry's own
 * {@code http_config.authorization}.
 */
public record WebexConfig(String apiUrl, String roomId, String message, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  @Override
  public String type() {
    return "webex";
  }

  @Override
  public String toString() {
    return "WebexConfig[apiUrl=" + apiUrl + ", roomId=" + roomId + ", http=" + http + "]";
  }
}
