package io.eventpipe.alerting.alert;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's identity: FNV-1a 64 over its label names and values sorted by name, each followed by the
 * separator byte 0xff, exactly as Prometheus' {@code model.LabelSet.Fingerprint()} so ids match Alertmanager's.
 */
public final class Fingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprint() {}

  public static long of(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return OFFSET;
    }
    long hash = OFFSET;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      hash = add(hash, label.getKey());
      hash = addByte(hash, SEPARATOR);
      hash = add(hash, label.getValue());
      hash = addByte(hash, SEPARATOR);
    }
    return hash;
  }

  /** Sixteen lower-case hex digits, as Alertmanager prints fingerprints. */
  public static String hex(Map<String, String> labels) {
    return String.format("%016x", of(labels));
  }

  private static long add(long hash, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash = addByte(hash, b & 0xff);
    }
    return hash;
  }

  private static long addByte(long hash, int b) {
    return (hash ^ b) * PRIME;
  }
}
