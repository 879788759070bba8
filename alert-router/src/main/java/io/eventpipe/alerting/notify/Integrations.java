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
    if (config instanceof EmailConfig c) {
      return new EmailIntegration(c, templates, externalUrl, timeout);
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
