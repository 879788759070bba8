package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.TemplateData;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Alertmanager 0.25's sns Notify (createPublishInput) as aws-sdk-go v1 puts it on the wire: a form-encoded
 * {@code Action=Publish} POST (Go's url.Values encoding, keys sorted) signed with SigV4 for service {@code sns}.
 * The message is cut to 256 KiB (1600 bytes for a phone number) at a byte boundary with a {@code truncated}
 * attribute, as validateAndTruncateMessage does; an empty attribute map is sent as {@code MessageAttributes=}, as
 * the SDK's query serializer does; FIFO topics get the group key's SHA-256 as deduplication and group id.
 */
final class SnsIntegration implements Integration {
  private static final int MAX_MESSAGE = 256 * 1024;
  private static final int MAX_SMS = 1600;
  static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
  private final SnsConfig config;
  private final HttpPost http;
  private final Templates templates;
  private final String externalUrl;
  private final Function<String, String> env;
  private final Clock clock;

  SnsIntegration(SnsConfig config, HttpPost http, Templates templates, String externalUrl,
      Function<String, String> env, Clock clock) {
    this.config = config;
    this.http = http;
    this.templates = templates;
    this.externalUrl = externalUrl;
    this.env = env;
    this.clock = clock;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    TemplateData data = Payloads.templateData(n, externalUrl);
    SigV4.Credentials creds = credentials();
    String region = config.region().isEmpty() ? nonNull(env.apply("AWS_REGION")) : config.region();
    if (region.isEmpty()) {
      throw new DeliveryException("sns: region not configured in sns.sigv4.region or in default credentials chain",
          false, null, null);
    }
    URI url = endpoint(render(config.apiUrl(), data), region);
    byte[] body = form(n.groupKey(), data).getBytes(StandardCharsets.US_ASCII);
    String amzDate = SigV4.AMZ_DATE.format(clock.instant());
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("Content-Length", Integer.toString(body.length));
    signed.put("Content-Type", CONTENT_TYPE);
    signed.put("Host", url.getRawAuthority());
    signed.put("X-Amz-Date", amzDate);
    if (creds.sessionToken() != null) {
      signed.put("X-Amz-Security-Token", creds.sessionToken());
    }
    SigV4.Signed s = SigV4.sign("POST", url.getRawPath(), url.getRawQuery(), signed, body, creds, region, "sns",
        clock.instant());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Date", amzDate);
    if (creds.sessionToken() != null) {
      headers.put("X-Amz-Security-Token", creds.sessionToken());
    }
    headers.put("Authorization", s.authorization());
    try {
      http.send("POST", url.toString(), CONTENT_TYPE, body, headers, HttpPost.Retry.SERVER_ERRORS_AND_429, "sns");
    } catch (DeliveryException e) {
      // AWS throttles with 400 <Code>Throttling</Code>; the SDK Alertmanager uses retries that, so do we.
      if (!e.retryable() && e.getMessage() != null && e.getMessage().contains("<Code>Throttling</Code>")) {
        throw new DeliveryException(e.getMessage(), true, e.retryAfter(), e);
      }
      throw e;
    }
  }

  /** sigv4's static keys, else the environment as aws-sdk-go's EnvProvider reads it. */
  private SigV4.Credentials credentials() throws DeliveryException {
    if (config.accessKey() != null) {
      return new SigV4.Credentials(config.accessKey(), config.secretKey(), null);
    }
    String id = first("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY");
    String secret = first("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY");
    if (id.isEmpty() || secret.isEmpty()) {
      throw new DeliveryException("sns: no AWS credentials: set sigv4.access_key and sigv4.secret_key or "
          + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", false, null, null);
    }
    String token = nonNull(env.apply("AWS_SESSION_TOKEN"));
    return new SigV4.Credentials(id, secret, token.isEmpty() ? null : token);
  }

  private String first(String a, String b) {
    String v = nonNull(env.apply(a));
    return v.isEmpty() ? nonNull(env.apply(b)) : v;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** The SDK's endpoint: api_url (https:// added when it has no scheme) or sns.REGION.amazonaws.com, path + "/". */
  static URI endpoint(String apiUrl, String region) {
    String base = apiUrl.isEmpty() ? "https://sns." + region + ".amazonaws.com" + (region.startsWith("cn-")
        ? ".cn" : "") : apiUrl.contains("://") ? apiUrl : "https://" + apiUrl;
    URI u = URI.create(base);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return URI.create(u.getScheme() + "://" + u.getRawAuthority() + (path.endsWith("/") ? path : path + "/")
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
  }

  /** The Publish form body. */
  String form(String groupKey, TemplateData data) throws DeliveryException {
    TreeMap<String, List<byte[]>> v = new TreeMap<>();
    put(v, "Action", "Publish");
    put(v, "Version", "2010-03-31");
    int limit = MAX_MESSAGE;
    if (!config.topicArn().isEmpty()) {
      String topic = render(config.topicArn(), data);
      put(v, "TopicArn", topic);
      if (topic.endsWith(".fifo")) {
        String hash = PagerDutyIntegration.dedupKey(groupKey);
        put(v, "MessageDeduplicationId", hash);
        put(v, "MessageGroupId", hash);
      }
    }
    if (!config.phoneNumber().isEmpty()) {
      put(v, "PhoneNumber", render(config.phoneNumber(), data));
      limit = MAX_SMS;
    }
    if (!config.targetArn().isEmpty()) {
      put(v, "TargetArn", render(config.targetArn(), data));
    }
    Map<String, String> attributes = new TreeMap<>();
    config.attributes().forEach((k, val) -> attributes.put(render(k, data), render(val, data)));
    byte[] message = utf8(render(config.message(), data));
    if (message.length > limit) {
      message = Arrays.copyOf(message, limit);
      attributes.put("truncated", "true");
    }
    v.put("Message", List.of(message));
    if (attributes.isEmpty()) {
      put(v, "MessageAttributes", "");
    }
    int i = 1;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String prefix = "MessageAttributes.entry." + i++;
      put(v, prefix + ".Name", e.getKey());
      put(v, prefix + ".Value.DataType", "String");
      put(v, prefix + ".Value.StringValue", e.getValue());
    }
    if (!config.subject().isEmpty()) {
      put(v, "Subject", render(config.subject(), data));
    }
    return GoForm.encode(v);
  }

  /** UTF-8 bytes, refusing what is not valid Unicode (0.25: "non utf8 encoded message string", retryable). */
  private static byte[] utf8(String s) throws DeliveryException {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new DeliveryException("sns: non utf8 encoded message string", true, null, e);
    }
  }

  private static void put(TreeMap<String, List<byte[]>> v, String key, String value) {
    v.computeIfAbsent(key, k -> new ArrayList<>()).add(value.getBytes(StandardCharsets.UTF_8));
  }

  private String render(String text, TemplateData data) {
    return text == null || text.isEmpty() ? "" : templates.render(text, data);
  }
}
