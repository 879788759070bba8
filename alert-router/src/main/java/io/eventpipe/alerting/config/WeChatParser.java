package io.eventpipe.alerting.config;

import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.WeChatConfig;
import java.net.URI;
import java.util.Set;

/**
 * Reads {@code wechat_configs} with Alertmanager 0.25's fields, defaults ({@code wechat.default.*} templates,
 * {@code message_type} text) and checks, falling back to {@code global.wechat_api_url}, {@code
 * global.wechat_api_secret} and {@code global.wechat_api_corp_id} as 0.25's Config.UnmarshalYAML does. 0.25 has no
 * {@code api_secret_file}.
 */
final class WeChatParser {
  private WeChatParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_secret", "corp_id", "message", "api_url", "to_user", "to_party", "to_tag", "agent_id",
        "message_type", "send_resolved", "http_config"));
    String type = c.text("message_type", "");
    if (type.isEmpty()) {
      type = "text";
    }
    if (!type.equals("text") && !type.equals("markdown")) {
      throw new IllegalArgumentException(c.path + ".message_type: weChat message type \"" + type
          + "\" does not match valid options ^(text|markdown)$");
    }
    String url = fromOwnOrGlobal(p, c, "api_url", "wechat_api_url", WeChatConfig.DEFAULT_API_URL);
    checkUrl(c.has("api_url") ? c.path + ".api_url" : p.global.path + ".wechat_api_url", url);
    if (!URI.create(url).getPath().endsWith("/")) { // 0.25 appends "/" to the URL's path
      URI u = URI.create(url);
      url = new StringBuilder(u.getScheme()).append("://").append(u.getRawAuthority()).append(u.getRawPath())
          .append('/').append(u.getRawQuery() == null ? "" : "?" + u.getRawQuery()).toString();
    }
    String secret = fromOwnOrGlobal(p, c, "api_secret", "wechat_api_secret", null);
    if (secret == null) {
      if (IntegrationParser.unsetEnv(c, "api_secret") || IntegrationParser.unsetEnv(p.global, "wechat_api_secret")) {
        return null;
      }
      throw new IllegalArgumentException(c.path + ".api_secret: missing (and no global wechat_api_secret set)");
    }
    String corpId = fromOwnOrGlobal(p, c, "corp_id", "wechat_api_corp_id", null);
    if (corpId == null) {
      throw new IllegalArgumentException(c.path + ".corp_id: missing (and no global wechat_api_corp_id set)");
    }
    // 0.25 renders the secret and corp id as templates too (Notify's tmpl(...) calls), so they are checked here.
    p.templates.check(c.path + ".api_secret", secret);
    p.templates.check(c.path + ".corp_id", corpId);
    return new WeChatConfig(url, secret, corpId,
        p.template(c, "message", IntegrationParser.defaultTemplate("wechat.default.message")),
        p.template(c, "to_user", IntegrationParser.defaultTemplate("wechat.default.to_user")),
        p.template(c, "to_party", IntegrationParser.defaultTemplate("wechat.default.to_party")),
        p.template(c, "to_tag", IntegrationParser.defaultTemplate("wechat.default.to_tag")),
        p.template(c, "agent_id", IntegrationParser.defaultTemplate("wechat.default.agent_id")), type,
        c.bool("send_resolved", false), p.http(c));
  }

  /** The receiver's own value when set (non-empty), else the global one, else {@code fallback}. */
  private static String fromOwnOrGlobal(IntegrationParser p, Settings c, String field, String global,
      String fallback) {
    String own = c.secret(field, null);
    if (own != null) {
      return own;
    }
    String g = p.global.secret(global, null);
    return g != null ? g : fallback;
  }

  /** Alertmanager's parseURL: an http or https URL with a host. */
  static void checkUrl(String path, String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(path + ": invalid URL: " + e.getMessage());
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException(path + ": unsupported scheme \"" + u.getScheme() + "\" for URL");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException(path + ": missing host for URL");
    }
  }
}
