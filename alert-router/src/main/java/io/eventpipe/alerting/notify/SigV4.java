package io.eventpipe.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, as aws-sdk-go v1's v4.Signer computes it for SNS (header signing, the
 * payload's SHA-256, no x-amz-content-sha256 header). Written here rather than taken from the AWS SDK's
 * http-auth-aws: that module brings nine more jars (utils, identity, checksums, http-client SPIs, reactive
 * streams) for ~80 lines of HMAC, and signs whatever headers its request holds, where we must sign exactly the
 * set Alertmanager's SDK signs. Checked against AWS's published SigV4 test-suite vectors (SigV4Test).
 */
public final class SigV4 {
  public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

  /** Static or environment credentials; {@code sessionToken} may be null. */
  public record Credentials(String accessKey, String secretKey, String sessionToken) {}

  /** The signing result: the Authorization header and the parts a test re-derives. */
  public record Signed(String authorization, String canonicalRequest, String stringToSign, String scope,
      String signedHeaders, String signature) {}

  private SigV4() {}

  /**
   * Signs {@code method path?query} with {@code headers} (every one is signed; names any case, they are
   * lower-cased and sorted; values trimmed, inner runs of spaces collapsed).
   */
  public static Signed sign(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] payload,
      Credentials creds, String region, String service, Instant at) {
    String amzDate = AMZ_DATE.format(at);
    String day = amzDate.substring(0, 8);
    TreeMap<String, String> canonical = new TreeMap<>();
    headers.forEach((k, v) -> canonical.put(k.toLowerCase(java.util.Locale.ROOT), SPACES.matcher(v.strip()).replaceAll(" ")));
    StringBuilder headerLines = new StringBuilder();
    canonical.forEach((k, v) -> headerLines.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", canonical.keySet());
    String canonicalRequest = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
        + headerLines + "\n" + signedHeaders + "\n" + HEX.formatHex(sha256(payload));
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + creds.secretKey()).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, stringToSign));
    String authorization = "AWS4-HMAC-SHA256 Credential=" + creds.accessKey() + "/" + scope + ", SignedHeaders="
        + signedHeaders + ", Signature=" + signature;
    return new Signed(authorization, canonicalRequest, stringToSign, scope, signedHeaders, signature);
  }

  /** The path with each segment URI-encoded (RFC 3986 unreserved kept, "/" kept); empty is "/". */
  static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String decoded = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      out.append(c == '/' || GoForm.unreserved(c) ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    return out.toString();
  }

  /** Query parameters URI-encoded and sorted by name then value. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      pairs.add(new String[] {GoForm.escape(k).replace("+", "%20"), GoForm.escape(v).replace("+", "%20")});
    }
    pairs.sort(java.util.Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    List<String> out = new ArrayList<>();
    pairs.forEach(p -> out.add(p[0] + "=" + p[1]));
    return String.join("&", out);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
