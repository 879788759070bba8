package io.eventpipe.schemas.metrics;

import java.math.BigDecimal;
import java.util.List;

/**
 * Formats histogram bucket bounds as the {@code le} label value exactly as the Prometheus reference
 * implementation (Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}) prints them: "0.01", "2.5", "1", "10",
 * "600", "+Inf". Both the aggregator's exposition and the simulator's ground truth use this, so their series
 * ids match character for character.
 *
 * <p>Hand-written because no Java library prints Go's format: Java clients print "1.0" where Go prints "1".
 */
public final class BucketLabels {
  /** The {@code le} value of the implicit last bucket. */
  public static final String INF = "+Inf";

  private BucketLabels() {}

  /** The {@code le} label value for one bucket upper bound. */
  public static String le(double bound) {
    if (Double.isNaN(bound)) {
      return "NaN";
    }
    if (Double.isInfinite(bound)) {
      return bound > 0 ? INF : "-Inf";
    }
    if (bound == 0) {
      return "0";
    }
    // Double.toString gives a round-tripping decimal; strip it to its significant digits.
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(bound))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = bound < 0 ? "-" : "";
    // Go's shortest 'g' switches to exponent form below 1e-4 and from 1e6 upwards (precision 6 rule).
    if (exponent < -4 || exponent >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    return sign + exact.toPlainString();
  }

  /** The {@code le} values of a bucket layout, in order, ending with {@link #INF}. */
  public static List<String> all(List<Double> bounds) {
    String[] out = new String[bounds.size() + 1];
    for (int i = 0; i < bounds.size(); i++) {
      out[i] = le(bounds.get(i));
    }
    out[bounds.size()] = INF;
    return List.of(out);
  }
}
