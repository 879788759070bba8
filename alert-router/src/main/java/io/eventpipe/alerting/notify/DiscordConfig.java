package io.eventpipe.alerting.notify;

/**
 * {@code discord_configs} as Alertmanager 0.25 has them: one embed (title and description templates, colour by
 * status) posted to the secret {@code webhookUrl}.
 */
public record DiscordConfig(String webhookUrl, String title, String message, boolean sendResolved,
    HttpClientConfig http) implements IntegrationConfig {

  @Override
  public String type() {
    return "discord";
  }

  @Override
  public String toString() {
    return "DiscordConfig[webhookUrl=<secret>]";
  }
}
