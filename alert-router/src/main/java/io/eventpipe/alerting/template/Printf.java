package io.eventpipe.alerting.template;

import java.util.List;

/** Go's fmt.Sprintf, fmt.Sprint and fmt.Sprintln for the verbs templates use ({@code %v %s %d %f %e %g %q %x %t}). */
final class Printf {
  private Printf() {}

  static String sprint(List<Object> args) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      boolean isString = args.get(i) instanceof CharSequence;
      if (i > 0 && !isString && !(args.get(i - 1) instanceof CharSequence)) {
        b.append(' ');
      }
      b.append(arg(args.get(i)));
    }
    return b.toString();
  }

  static String sprintln(List<Object> args) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      b.append(i > 0 ? " " : "").append(arg(args.get(i)));
    }
    return b.append('\n').toString();
  }

  private static String arg(Object v) {
    return v == null ? "<nil>" : Values.print(v);
  }

  static String sprintf(String format, List<Object> args) {
    StringBuilder b = new StringBuilder();
    int argi = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        b.append(c);
        continue;
      }
      String flags = "";
      i++;
      while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
        flags += format.charAt(i++);
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(format.substring(start, i));
      }
      int prec = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        start = ++i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
      }
      if (i >= format.length()) {
        b.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i);
      if (verb == '%') {
        b.append('%');
        continue;
      }
      if (argi >= args.size()) {
        b.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object v = args.get(argi++);
      b.append(pad(one(verb, flags, prec, v), width, flags));
    }
    if (argi < args.size()) {
      b.append("%!(EXTRA ");
      for (int j = argi; j < args.size(); j++) {
        b.append(j > argi ? ", " : "").append(Values.kind(args.get(j))).append('=').append(arg(args.get(j)));
      }
      b.append(')');
    }
    return b.toString();
  }

  private static String pad(String s, int width, String flags) {
    if (width < 0 || s.length() >= width) {
      return s;
    }
    String fill = " ".repeat(width - s.length());
    if (flags.contains("-")) {
      return s + fill;
    }
    if (flags.contains("0") && !s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)))) {
      boolean signed = s.startsWith("-") || s.startsWith("+");
      String zeros = "0".repeat(width - s.length());
      return signed ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
    }
    return fill + s;
  }

  private static String one(char verb, String flags, int prec, Object v) {
    switch (verb) {
      case 'v':
        if (v instanceof Double d && prec >= 0) {
          return plus(flags, GoFloat.format(d, 'g', prec));
        }
        return v instanceof Long || v instanceof Double ? plus(flags, arg(v)) : arg(v);
      case 's':
        if (v instanceof CharSequence || v instanceof Members || v instanceof List<?>) {
          String s = arg(v);
          return prec >= 0 && s.length() > prec ? s.substring(0, prec) : s;
        }
        break;
      case 'q':
        if (v instanceof CharSequence s) {
          return quote(s.toString());
        }
        break;
      case 'd':
        if (v instanceof Long l) {
          return plus(flags, Long.toString(l));
        }
        break;
      case 'x', 'X':
        if (v instanceof Long l) {
          String h = Long.toHexString(Math.abs(l));
          return (l < 0 ? "-" : "") + (verb == 'X' ? h.toUpperCase() : h);
        }
        if (v instanceof CharSequence s) {
          StringBuilder h = new StringBuilder();
          for (byte x : s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h.append(String.format(verb == 'X' ? "%02X" : "%02x", x));
          }
          return h.toString();
        }
        break;
      case 'o':
        if (v instanceof Long l) {
          return Long.toOctalString(l);
        }
        break;
      case 'b':
        if (v instanceof Long l) {
          return Long.toBinaryString(l);
        }
        break;
      case 'c':
        if (v instanceof Long l) {
          return new String(Character.toChars(l.intValue()));
        }
        break;
      case 't':
        if (v instanceof Boolean) {
          return v.toString();
        }
        break;
      case 'f', 'F', 'e', 'E', 'g', 'G':
        if (v instanceof Double d) {
          char f = Character.toLowerCase(verb);
          String s = GoFloat.format(d, f == 'f' ? 'f' : f, prec < 0 && f != 'g' ? 6 : prec);
          return plus(flags, Character.isUpperCase(verb) ? s.toUpperCase() : s);
        }
        break;
      default:
        break;
    }
    return "%!" + verb + "(" + Values.kind(v) + "=" + arg(v) + ")";
  }

  private static String plus(String flags, String number) {
    return flags.contains("+") && !number.startsWith("-") && !number.startsWith("+") ? "+" + number : number;
  }

  /** strconv.Quote for printable text: backslash escapes for quotes, backslashes and control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
