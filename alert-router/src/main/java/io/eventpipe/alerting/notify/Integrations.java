package io.eventpipe.alerting.notify;

import java.time.Duration;

/** Builds the integration that delivers for a config entry. */
public final class Integrations {
  private Integrations() {}

  public static Integration of(IntegrationConfig config, Templates templates, String externalUrl, Duration timeout) {
    if (config instanceof WebhookConfig c) {
      return new WebhookIntegration(c, new HttpPost(timeout, c.http()), externalUrl);
    }
    if (config instanceof SlackConfig c) {
      return new SlackIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof PagerDutyConfig c) {
      return new PagerDutyIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof OpsGenieConfig c) {
      return new OpsGenieIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof VictorOpsConfig c) {
      return new VictorOpsIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof PushoverConfig c) {
      return new PushoverIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof EmailConfig c) {
      return new EmailIntegration(c, templates, externalUrl, timeout);
    }
    if (config instanceof TelegramConfig c) {
      return new TelegramIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof DiscordConfig c) {
      return new DiscordIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof WebexConfig c) {
      return new WebexIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof MSTeamsConfig c) {
      return new MSTeamsIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl);
    }
    if (config instanceof WeChatConfig c) {
      return new WeChatIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl,
          java.time.Clock.systemUTC());
    }
    if (config instanceof SnsConfig c) {
      return new SnsIntegration(c, new HttpPost(timeout, c.http()), templates, externalUrl, System::getenv,
          java.time.Clock.systemUTC());
    }
    if (config instanceof FileConfig c) {
      return new FileIntegration(c, externalUrl);
    }
    return new ConsoleIntegration(System.out);
  }
}
