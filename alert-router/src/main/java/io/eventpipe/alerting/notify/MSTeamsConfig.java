package io.eventpipe.alerting.notify;

/**
 * {@code msteams_configs} as Alertmanager 0.26 introduced them (0.25 has none): a MessageCard (title and text
 * templates, theme colour by status) posted to the secret {@code webhookUrl}.
 */
public record MSTeamsConfig(String webhookUrl, String title, String text, boolean sendResolved,
    HttpClientConfig http) implements IntegrationConfig {

  @Override
  public String type() {
    return "msteams";
  }

  @Override
  public String toString() {
    return "MSTeamsConfig[webhookUrl=<secret>]";
  }
}
