package io.eventpipe.alerting.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Prometheus' humanize family, as its rule templates (and Alertmanager's humanizeDuration) print numbers. */
final class Humanize {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private Humanize() {}

  static void register(Map<String, GoFunction> f) {
    f.put("humanize", GoFunction.of(1, a -> number(toFloat(a.get(0)))));
    f.put("humanize1024", GoFunction.of(1, a -> binary(toFloat(a.get(0)))));
    f.put("humanizeDuration", GoFunction.of(1, a -> duration(toFloat(a.get(0)))));
    f.put("humanizePercentage", GoFunction.of(1, a -> g4(toFloat(a.get(0)) * 100) + "%"));
    f.put("humanizeTimestamp", GoFunction.of(1, a -> timestamp(toFloat(a.get(0)))));
  }

  /** Prometheus' convertToFloat: numbers, numeric strings and durations (as seconds). */
  static double toFloat(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof GoDuration d) {
      return d.nanos() / 1e9;
    }
    if (v instanceof CharSequence s) {
      try {
        return Double.parseDouble(s.toString().strip());
      } catch (NumberFormatException e) {
        throw new TemplateException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
      }
    }
    throw new TemplateException("can't convert " + Values.kind(v) + " to float");
  }

  private static String g4(double v) {
    return GoFloat.format(v, 'g', 4);
  }

  static String number(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  }

  static String binary(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    if (v == 0) {
      return g4(v) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = v < 0 ? "-" : "";
      v = Math.abs(v);
      long d = (long) v;
      long seconds = d % 60;
      long minutes = (d / 60) % 60;
      long hours = (d / 3600) % 24;
      long days = d / 86400;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }

  static String timestamp(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    long millis = (long) (v * 1e9) / 1_000_000L;
    return new GoTime(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC)).toString();
  }
}
