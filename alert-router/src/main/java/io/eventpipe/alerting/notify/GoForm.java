package io.eventpipe.alerting.notify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Go's {@code url.Values.Encode} (keys sorted, each {@code url.QueryEscape}d: unreserved bytes kept, space as
 * "+", every other byte %XX), on bytes so a value cut inside a UTF-8 sequence encodes as Go encodes it (SNS).
 */
final class GoForm {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private GoForm() {}

  static String encode(SortedMap<String, List<byte[]>> values) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<byte[]>> e : values.entrySet()) {
      for (byte[] v : e.getValue()) {
        if (!out.isEmpty()) {
          out.append('&');
        }
        out.append(escape(e.getKey().getBytes(StandardCharsets.UTF_8))).append('=').append(escape(v));
      }
    }
    return out.toString();
  }

  static String escape(String s) {
    return escape(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Go's url.QueryEscape. */
  static String escape(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (unreserved(c)) {
        out.write(c);
      } else if (c == ' ') {
        out.write('+');
      } else {
        out.write('%');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 15]);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '.' || c == '~';
  }
}
