package io.eventpipe.alerting.template;

import java.util.List;

/** Go's time.Duration (nanoseconds) as {@code since} returns it; prints as Go does ({@code 1h2m3.5s}). */
public record GoDuration(long nanos) implements Members {
  @Override
  public Object member(String name, List<Object> args) {
    return switch (name) {
      case "Seconds" -> nanos / 1e9;
      case "Minutes" -> nanos / 6e10;
      case "Hours" -> nanos / 3.6e12;
      case "Milliseconds" -> nanos / 1_000_000;
      case "String" -> toString();
      default -> ABSENT;
    };
  }

  @Override
  public boolean isMethod(String name) {
    return true;
  }

  @Override
  public String goType() {
    return "time.Duration";
  }

  @Override
  public String toString() {
    long u = nanos;
    boolean neg = u < 0;
    if (neg) {
      u = -u;
    }
    if (u < 1_000_000_000L) {
      if (u == 0) {
        return "0s";
      }
      String unit;
      int prec;
      if (u < 1_000) {
        return (neg ? "-" : "") + u + "ns";
      } else if (u < 1_000_000) {
        unit = "µs";
        prec = 3;
      } else {
        unit = "ms";
        prec = 6;
      }
      return (neg ? "-" : "") + fraction(u, prec) + unit;
    }
    StringBuilder b = new StringBuilder();
    b.append(fraction(u % 60_000_000_000L, 9)).append('s');
    long minutes = u / 60_000_000_000L;
    if (minutes > 0) {
      b.insert(0, (minutes % 60) + "m");
      long hours = minutes / 60;
      if (hours > 0) {
        b.insert(0, hours + "h");
      }
    }
    return (neg ? "-" : "") + b;
  }

  /** {@code v / 10^prec} with trailing fractional zeros (and a bare point) removed. */
  private static String fraction(long v, int prec) {
    long scale = (long) Math.pow(10, prec);
    long whole = v / scale;
    String frac = String.format("%0" + prec + "d", v % scale).replaceAll("0+$", "");
    return frac.isEmpty() ? Long.toString(whole) : whole + "." + frac;
  }
}
