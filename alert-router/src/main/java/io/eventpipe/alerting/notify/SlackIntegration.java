package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts the incoming-webhook message Alertmanager 0.25 sends: one attachment whose fields are the rendered
 * templates, with its JSON field set and omissions ({@code omitempty}) exactly as Alertmanager encodes them.
 */
final class SlackIntegration implements Integration {
  private static final int MAX_TITLE = 1024;
  private final SlackConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;

  SlackIntegration(SlackConfig config, HttpPost http, Templates templates, String externalUrl) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    http.postJson(config.apiUrl(), body(Payloads.templateData(n, externalUrl)), "slack");
  }

  Map<String, Object> body(TemplateData data) {
    Map<String, Object> att = new LinkedHashMap<>();
    putNonEmpty(att, "title", Payloads.truncate(render(config.title(), data), MAX_TITLE));
    putNonEmpty(att, "title_link", render(config.titleLink(), data));
    putNonEmpty(att, "pretext", render(config.pretext(), data));
    att.put("text", render(config.text(), data));
    att.put("fallback", render(config.fallback(), data));
    att.put("callback_id", render(config.callbackId(), data));
    if (!config.fields().isEmpty()) {
      List<Map<String, Object>> fields = new ArrayList<>();
      for (SlackConfig.Field f : config.fields()) {
        Map<String, Object> m = new LinkedHashMap<>();
        putNonEmpty(m, "title", render(f.title(), data));
        putNonEmpty(m, "value", render(f.value(), data));
        m.put("short", f.isShort() != null ? f.isShort() : config.shortFields());
        fields.add(m);
      }
      att.put("fields", fields);
    }
    if (!config.actions().isEmpty()) {
      List<Map<String, Object>> actions = new ArrayList<>();
      for (SlackConfig.Action a : config.actions()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", render(a.type(), data));
        m.put("text", render(a.text(), data));
        putNonEmpty(m, "url", render(a.url(), data));
        putNonEmpty(m, "style", render(a.style(), data));
        putNonEmpty(m, "name", render(a.name(), data));
        putNonEmpty(m, "value", render(a.value(), data));
        if (a.confirm() != null) {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("text", render(a.confirm().text(), data));
          putNonEmpty(c, "title", render(a.confirm().title(), data));
          putNonEmpty(c, "ok_text", render(a.confirm().okText(), data));
          putNonEmpty(c, "dismiss_text", render(a.confirm().dismissText(), data));
          m.put("confirm", c);
        }
        actions.add(m);
      }
      att.put("actions", actions);
    }
    putNonEmpty(att, "image_url", render(config.imageUrl(), data));
    putNonEmpty(att, "thumb_url", render(config.thumbUrl(), data));
    att.put("footer", render(config.footer(), data));
    putNonEmpty(att, "color", render(config.color(), data));
    att.put("mrkdwn_in", config.mrkdwnIn().isEmpty() ? List.of("fallback", "pretext", "text") : config.mrkdwnIn());
    Map<String, Object> body = new LinkedHashMap<>();
    putNonEmpty(body, "channel", render(config.channel(), data));
    putNonEmpty(body, "username", render(config.username(), data));
    putNonEmpty(body, "icon_emoji", render(config.iconEmoji(), data));
    putNonEmpty(body, "icon_url", render(config.iconUrl(), data));
    if (config.linkNames()) {
      body.put("link_names", true);
    }
    body.put("attachments", List.of(att));
    return body;
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }

  static void putNonEmpty(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }
}
