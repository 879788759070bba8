package io.eventpipe.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.alerting.notify.IntegrationConfig;
import io.eventpipe.alerting.notify.SnsConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code sns_configs} with Alertmanager 0.25's fields, defaults ({@code sns.default.*} templates,
 * send_resolved true) and checks (SNSConfig.UnmarshalYAML, sigv4.SigV4Config.Validate). {@code sigv4.profile}
 * and {@code sigv4.role_arn} are refused: we read neither shared AWS config files nor assume roles through STS.
 */
final class SnsParser {
  private SnsParser() {}

  static IntegrationConfig parse(IntegrationParser p, Settings c) {
    c.onlyKnown(Set.of("api_url", "sigv4", "topic_arn", "phone_number", "target_arn", "subject", "message",
        "attributes", "send_resolved", "http_config"));
    Settings sigv4 = c.child("sigv4");
    sigv4.onlyKnown(Set.of("region", "access_key", "secret_key", "profile", "role_arn"));
    for (String field : new String[] {"profile", "role_arn"}) {
      if (!sigv4.text(field, "").isEmpty()) {
        throw new IllegalArgumentException(sigv4.path + "." + field + ": not supported by the alert router (it "
            + "signs with sigv4.access_key/secret_key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN)");
      }
    }
    String accessKey = sigv4.text("access_key", "");
    String secretKey = sigv4.secret("secret_key", null);
    if (accessKey.isEmpty() != (secretKey == null)) {
      throw new IllegalArgumentException(sigv4.path + ": must provide a AWS SigV4 Access key and Secret Key if "
          + "credentials are specified in the SigV4 config");
    }
    String topic = p.template(c, "topic_arn", "");
    String phone = p.template(c, "phone_number", "");
    String target = p.template(c, "target_arn", "");
    int targets = (topic.isEmpty() ? 0 : 1) + (phone.isEmpty() ? 0 : 1) + (target.isEmpty() ? 0 : 1);
    // 0.25's check is an XOR chain that also lets all three through; SNS then refuses the Publish, so we refuse
    // it here too and ask for exactly one.
    if (targets != 1) {
      throw new IllegalArgumentException(c.path + ": must provide either a Target ARN, Topic ARN, or Phone Number "
          + "for SNS config (exactly one of topic_arn, phone_number, target_arn)");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attrs = c.node.get("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (!attrs.isObject()) {
        throw new IllegalArgumentException(c.path + ".attributes: expected a mapping of strings");
      }
      for (var it = attrs.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue().isContainerNode()) {
          throw new IllegalArgumentException(c.path + ".attributes." + e.getKey() + ": expected a string");
        }
        String value = e.getValue().isNull() ? "" : c.expand(e.getValue().asText());
        p.templates.check(c.path + ".attributes." + e.getKey(), e.getKey());
        p.templates.check(c.path + ".attributes." + e.getKey(), value);
        attributes.put(e.getKey(), value);
      }
    }
    return new SnsConfig(p.template(c, "api_url", ""), sigv4.text("region", ""), accessKey.isEmpty() ? null
        : accessKey, secretKey, topic, phone, target,
        p.template(c, "subject", IntegrationParser.defaultTemplate("sns.default.subject")),
        p.template(c, "message", IntegrationParser.defaultTemplate("sns.default.message")), attributes,
        c.bool("send_resolved", true), p.http(c));
  }
}
