package io.eventpipe.alerting.notify;

/** {@code slack_configs}: an incoming-webhook message with templated title and text, coloured by status. */
public record SlackConfig(String apiUrl, String channel, String username, String title, String titleLink,
    String text, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "slack";
  }

  @Override
  public String toString() {
    return "SlackConfig[apiUrl=<secret>, channel=" + channel + "]";
  }
}
