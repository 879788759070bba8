package io.eventpipe.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code slack_configs} as Alertmanager 0.25 has them: one attachment whose every text field is a template
 * (defaults are Alertmanager's, e.g. color {@code danger}/{@code good} by status), fields and actions.
 */
public record SlackConfig(String apiUrl, String channel, String username, String color, String title,
    String titleLink, String pretext, String text, List<Field> fields, boolean shortFields, String footer,
    String fallback, String callbackId, String iconEmoji, String iconUrl, String imageUrl, String thumbUrl,
    boolean linkNames, List<String> mrkdwnIn, List<Action> actions, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  /** A Slack attachment field; {@code short} null falls back to {@code short_fields}. */
  public record Field(String title, String value, @JsonProperty("short") Boolean isShort) {}

  /** A Slack message action (button), with an optional confirmation dialog. */
  public record Action(String type, String text, String url, String style, String name, String value,
      Confirm confirm) {}

  /** An action's {@code confirm} dialog. */
  public record Confirm(String title, String text, String okText, String dismissText) {}

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public String toString() {
    return "SlackConfig[apiUrl=<secret>, channel=" + channel + "]";
  }
}
