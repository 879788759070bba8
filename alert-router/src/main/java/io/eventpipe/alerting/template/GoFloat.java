package io.eventpipe.alerting.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's strconv.FormatFloat for the 'e', 'f' and 'g' formats, exact decimal rounding (half to even) included, so
 * {@code %v}, {@code %.4g} and {@code %.2f} print what Go prints.
 */
final class GoFloat {
  private GoFloat() {}

  /** Digits without leading/trailing zeros and the decimal point position (value = 0.digits × 10^dp). */
  private record Digits(String d, int dp) {
    static Digits of(BigDecimal v) {
      if (v.signum() == 0) {
        return new Digits("", 0);
      }
      BigDecimal s = v.abs().stripTrailingZeros();
      String d = s.unscaledValue().toString();
      return new Digits(d, d.length() - s.scale());
    }

    char at(int i) {
      return i >= 0 && i < d.length() ? d.charAt(i) : '0';
    }
  }

  static String format(double v, char fmt, int prec) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = v < 0 || (v == 0 && 1 / v < 0);
    boolean shortest = prec < 0;
    BigDecimal exact = shortest ? new BigDecimal(Double.toString(Math.abs(v))) : new BigDecimal(Math.abs(v));
    Digits digs;
    if (shortest) {
      digs = Digits.of(exact);
    } else if (fmt == 'f') {
      digs = Digits.of(exact.setScale(prec, RoundingMode.HALF_EVEN));
    } else {
      int significant = fmt == 'e' ? prec + 1 : Math.max(prec, 1);
      digs = Digits.of(exact.round(new MathContext(significant, RoundingMode.HALF_EVEN)));
      if (fmt == 'g' && prec == 0) {
        prec = 1;
      }
    }
    String sign = neg ? "-" : "";
    int nd = digs.d().length();
    switch (fmt) {
      case 'e':
        return sign + fmtE(digs, shortest ? Math.max(nd - 1, 0) : prec);
      case 'f':
        return sign + fmtF(digs, shortest ? Math.max(nd - digs.dp(), 0) : prec);
      default: {
        int eprec = shortest ? 6 : prec;
        if (!shortest && eprec > nd && nd >= digs.dp()) {
          eprec = nd;
        }
        int exp = digs.dp() - 1;
        int p = shortest ? nd : prec;
        if (exp < -4 || exp >= eprec) {
          if (p > nd) {
            p = nd;
          }
          return sign + fmtE(digs, Math.max(p - 1, 0));
        }
        if (p > digs.dp()) {
          p = nd;
        }
        return sign + fmtF(digs, Math.max(p - digs.dp(), 0));
      }
    }
  }

  private static String fmtE(Digits digs, int prec) {
    StringBuilder b = new StringBuilder();
    b.append(digs.d().isEmpty() ? '0' : digs.d().charAt(0));
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        b.append(digs.at(i));
      }
    }
    int exp = digs.d().isEmpty() ? 0 : digs.dp() - 1;
    b.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    b.append(a < 10 ? "0" + a : Integer.toString(a));
    return b.toString();
  }

  private static String fmtF(Digits digs, int prec) {
    StringBuilder b = new StringBuilder();
    if (digs.dp() > 0) {
      for (int i = 0; i < digs.dp(); i++) {
        b.append(digs.at(i));
      }
    } else {
      b.append('0');
    }
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        b.append(digs.at(digs.dp() + i - 1));
      }
    }
    return b.toString();
  }
}
