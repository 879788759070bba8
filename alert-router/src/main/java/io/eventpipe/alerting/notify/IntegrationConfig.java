package io.eventpipe.alerting.notify;

/**
 * One {@code *_configs} entry of a receiver: where and how to deliver. Implementations never print secrets in
 * {@code toString}.
 */
public sealed interface IntegrationConfig permits WebhookConfig, SlackConfig, PagerDutyConfig, EmailConfig,
    ConsoleConfig, FileConfig, OpsGenieConfig, VictorOpsConfig, PushoverConfig, TelegramConfig, DiscordConfig,
    WebexConfig, MSTeamsConfig, WeChatConfig, SnsConfig {

  /** The integration name used in metrics and logs: webhook, slack, pagerduty, email, console, file, opsgenie,
   * victorops, pushover, telegram, discord, webex, msteams, wechat, sns. */
  String type();

  boolean sendResolved();
}
