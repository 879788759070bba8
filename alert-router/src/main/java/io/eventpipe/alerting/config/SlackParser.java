package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.SlackConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code slack_configs} with Alertmanager 0.25's fields, defaults (its {@code slack.default.*} templates)
 * and checks.
 */
final class SlackParser {
  private static final Logger LOG = LoggerFactory.getLogger(SlackParser.class);
  private static final String SLACK_COLOR = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";

  private SlackParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_url", "api_url_file", "channel", "username", "color", "title", "title_link", "pretext",
        "text", "fields", "short_fields", "footer", "fallback", "callback_id", "icon_emoji", "icon_url", "image_url",
        "thumb_url", "link_names", "mrkdwn_in", "actions", "send_resolved", "http_config"));
    boolean own = c.has("api_url") || c.has("api_url_file");
    String url = own ? p.required(c, "api_url") : p.global.secret("slack_api_url", null);
    if (url == null) {
      if (own) {
        return null;
      }
      String raw = p.global.node != null && p.global.node.hasNonNull("slack_api_url") ? p.global.node.get("slack_api_url").asText() : "";
      if (raw.contains("${")) {
        LOG.info("{} left out: p.global.slack_api_url refers to an unset environment variable", c.path);
        return null;
      }
      throw new IllegalArgumentException(c.path + ".api_url: missing (and no global slack_api_url set)");
    }
    List<SlackConfig.Field> fields = p.list(c, "fields", SlackConfig.Field[].class);
    for (int i = 0; i < fields.size(); i++) {
      SlackConfig.Field f = fields.get(i);
      if (f.title() == null || f.title().isEmpty()) {
        throw new IllegalArgumentException(c.path + ".fields[" + i + "].title: missing title in Slack field configuration");
      }
      if (f.value() == null || f.value().isEmpty()) {
        throw new IllegalArgumentException(c.path + ".fields[" + i + "].value: missing value in Slack field configuration");
      }
      p.templates.check(c.path + ".fields[" + i + "].title", f.title());
      p.templates.check(c.path + ".fields[" + i + "].value", f.value());
    }
    List<SlackConfig.Action> actions = p.list(c, "actions", SlackConfig.Action[].class);
    for (int i = 0; i < actions.size(); i++) {
      SlackConfig.Action a = actions.get(i);
      String at = c.path + ".actions[" + i + "]";
      if (a.type() == null || a.type().isEmpty()) {
        throw new IllegalArgumentException(at + ".type: missing type in Slack action configuration");
      }
      if (a.text() == null || a.text().isEmpty()) {
        throw new IllegalArgumentException(at + ".text: missing text in Slack action configuration");
      }
      if ((a.url() == null || a.url().isEmpty()) && (a.name() == null || a.name().isEmpty())) {
        throw new IllegalArgumentException(at + ": missing name or url in Slack action configuration");
      }
      for (String t : Arrays.asList(a.type(), a.text(), a.url(), a.style(), a.name(), a.value())) {
        if (t != null) {
          p.templates.check(at, t);
        }
      }
    }
    List<String> mrkdwnIn = c.has("mrkdwn_in") ? p.list(c, "mrkdwn_in", String[].class) : List.of();
    return new SlackConfig(url, p.template(c, "channel", ""), p.template(c, "username",
        IntegrationParser.defaultTemplate("slack.default.username")), p.template(c, "color", SLACK_COLOR),
        p.template(c, "title", IntegrationParser.defaultTemplate("slack.default.title")),
        p.template(c, "title_link", IntegrationParser.defaultTemplate("slack.default.titlelink")),
        p.template(c, "pretext", IntegrationParser.defaultTemplate("slack.default.pretext")),
        p.template(c, "text", IntegrationParser.defaultTemplate("slack.default.text")), fields, c.bool("short_fields", false),
        p.template(c, "footer", IntegrationParser.defaultTemplate("slack.default.footer")),
        p.template(c, "fallback", IntegrationParser.defaultTemplate("slack.default.fallback")),
        p.template(c, "callback_id", IntegrationParser.defaultTemplate("slack.default.callbackid")),
        p.template(c, "icon_emoji", IntegrationParser.defaultTemplate("slack.default.iconemoji")),
        p.template(c, "icon_url", IntegrationParser.defaultTemplate("slack.default.iconurl")), p.template(c, "image_url", ""),
        p.template(c, "thumb_url", ""), c.bool("link_names", false), mrkdwnIn, actions,
        c.bool("send_resolved", false), p.http(c));
  }

}
