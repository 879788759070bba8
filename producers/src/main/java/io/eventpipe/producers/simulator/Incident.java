package io.eventpipe.producers.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated outage that makes alerts fire: which kind, when it starts (offset into simulated time) and how
 * long it lasts (null: until the end of the run). Written {@code kind[@start][+length]}, e.g.
 * {@code latency-spike@30s+2m}.
 */
public record Incident(Kind kind, Duration start, Duration length) {

  /** What goes wrong. */
  public enum Kind {
    /** 30% of the api service's requests answer 5xx. */
    ERROR_SPIKE,
    /** The api service's latencies grow 40-fold (p95 well above 2 s). */
    LATENCY_SPIKE,
    /** Workers stop taking jobs: active workers drop to 0 and queues grow. */
    QUEUE_BACKLOG,
    /** The first GPU runs at 88-94 °C and thermally throttles. */
    GPU_OVERHEAT;

    public String flag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private static final Pattern SYNTAX = Pattern.compile("([a-z-]+)(?:@(\\w+))?(?:\\+(\\w+))?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  public Incident {
    if (kind == null) {
      throw new IllegalArgumentException("incident kind: required");
    }
    start = start == null ? Duration.ZERO : start;
    if (start.isNegative() || (length != null && (length.isNegative() || length.isZero()))) {
      throw new IllegalArgumentException("incident " + kind.flag() + ": start must be >= 0 and length > 0");
    }
  }

  /** Parses {@code kind[@start][+length]}; durations like 500ms, 30s, 2m, 1h. */
  public static Incident parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--incident: expected kind[@start][+length] (e.g. error-spike@30s+2m), got '"
          + text + "'");
    }
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.flag().equals(m.group(1))) {
        kind = k;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException("--incident: unknown kind '" + m.group(1)
          + "', expected one of error-spike, latency-spike, queue-backlog, gpu-overheat");
    }
    return new Incident(kind, m.group(2) == null ? null : duration(m.group(2)), m.group(3) == null ? null : duration(m.group(3)));
  }

  /** Whether the incident is under way {@code offsetMs} into simulated time. */
  public boolean activeAt(long offsetMs) {
    return offsetMs >= start.toMillis() && (length == null || offsetMs < start.toMillis() + length.toMillis());
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("--incident: bad duration '" + text + "', expected e.g. 500ms, 30s, 2m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  @Override
  public String toString() {
    return kind.flag() + "@" + start.toMillis() + "ms" + (length == null ? "" : "+" + length.toMillis() + "ms");
  }
}
