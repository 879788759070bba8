package io.eventpipe.alerting.template;

import java.math.BigInteger;

/** Go literal syntax: quoted and raw strings with Go escapes, rune constants, integer and float constants. */
final class Literals {
  private Literals() {}

  static String unquote(String token) {
    if (token.startsWith("`")) {
      return token.substring(1, token.length() - 1).replace("\r", "");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < token.length() - 1; i++) {
      char c = token.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = token.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case '\\', '"', '\'' -> out.append(e);
        case 'x' -> {
          out.append((char) Integer.parseInt(token.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          out.appendCodePoint(Integer.parseInt(token.substring(i + 1, i + 5), 16));
          i += 4;
        }
        case 'U' -> {
          out.appendCodePoint(Integer.parseInt(token.substring(i + 1, i + 9), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            out.append((char) Integer.parseInt(token.substring(i, i + 3), 8));
            i += 2;
          } else {
            throw new TemplateException("invalid escape \\" + e + " in " + token);
          }
        }
      }
    }
    return out.toString();
  }

  static Long charValue(String token) {
    String s = unquote("\"" + token.substring(1, token.length() - 1) + "\"");
    return (long) s.codePointAt(0);
  }

  /** A Long for integer syntax, a Double for anything with a fraction or exponent (as Go's evalConstant). */
  static Object number(String text) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    try {
      String lower = body.toLowerCase();
      if (lower.startsWith("0x") && !lower.contains("p")) {
        return sign(negative, new BigInteger(body.substring(2), 16));
      }
      if (lower.startsWith("0b")) {
        return sign(negative, new BigInteger(body.substring(2), 2));
      }
      if (lower.startsWith("0o")) {
        return sign(negative, new BigInteger(body.substring(2), 8));
      }
      if (lower.startsWith("0x")) {
        return Double.parseDouble(t + (lower.contains("p") ? "" : "p0"));
      }
      if (lower.indexOf('.') >= 0 || lower.indexOf('e') >= 0) {
        return Double.parseDouble(t);
      }
      if (body.length() > 1 && body.startsWith("0")) {
        return sign(negative, new BigInteger(body.substring(1), 8));
      }
      return sign(negative, new BigInteger(body));
    } catch (NumberFormatException e) {
      throw new TemplateException("bad number syntax: \"" + text + "\"");
    }
  }

  private static Long sign(boolean negative, BigInteger v) {
    return (negative ? v.negate() : v).longValueExact();
  }
}
