package io.eventpipe.alerting.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's reference-time layouts ({@code Mon Jan 2 15:04:05 MST 2006}) as time.Format interprets them. */
final class GoLayout {
  private static final String[] STD = {"January", "Jan", "Monday", "Mon", "MST", "2006", "002", "01", "02", "03",
      "04", "05", "06", "15", "1", "2", "3", "4", "5", "__2", "_2", "PM", "pm", "-07:00:00", "-070000", "-07:00",
      "-0700", "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"};

  private GoLayout() {}

  static String format(GoTime goTime, String layout) {
    ZonedDateTime t = goTime.time();
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      String std = stdAt(layout, i);
      if (std == null) {
        int frac = fraction(layout, i);
        if (frac > 0) {
          appendFraction(b, t.getNano(), layout.charAt(i), layout.charAt(i + 1) == '9', frac - 1);
          i += frac;
          continue;
        }
        b.append(layout.charAt(i++));
        continue;
      }
      append(b, std, t, goTime);
      i += std.length();
    }
    return b.toString();
  }

  private static String stdAt(String layout, int i) {
    for (String s : STD) {
      if (layout.startsWith(s, i)) {
        if ((s.equals("Jan") || s.equals("Mon")) && i + 3 < layout.length()
            && Character.isLowerCase(layout.charAt(i + 3)) && !layout.startsWith(s.equals("Jan") ? "January"
            : "Monday", i)) {
          return null;
        }
        return s;
      }
    }
    return null;
  }

  /** Length of a fractional-seconds element ({@code .000}, {@code ,999}) at i, or 0. */
  private static int fraction(String layout, int i) {
    char c = layout.charAt(i);
    if ((c != '.' && c != ',') || i + 1 >= layout.length()) {
      return 0;
    }
    char d = layout.charAt(i + 1);
    if (d != '0' && d != '9') {
      return 0;
    }
    int j = i + 1;
    while (j < layout.length() && layout.charAt(j) == d) {
      j++;
    }
    if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
      return 0;
    }
    return j - i;
  }

  private static void appendFraction(StringBuilder b, int nanos, char sep, boolean trim, int digits) {
    String all = String.format("%09d", nanos).substring(0, Math.min(9, digits));
    if (trim) {
      int end = all.length();
      while (end > 0 && all.charAt(end - 1) == '0') {
        end--;
      }
      all = all.substring(0, end);
      if (all.isEmpty()) {
        return;
      }
    }
    b.append(sep).append(all);
  }

  private static void append(StringBuilder b, String std, ZonedDateTime t, GoTime goTime) {
    int offset = t.getOffset().getTotalSeconds();
    switch (std) {
      case "January" -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
      case "Jan" -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
      case "Monday" -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
      case "Mon" -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
      case "MST" -> {
        String name = goTime.zoneName();
        if (!name.isEmpty()) {
          b.append(name);
        } else {
          int minutes = Math.abs(offset / 60);
          b.append(offset < 0 ? '-' : '+').append(pad(minutes / 60, 2)).append(pad(minutes % 60, 2));
        }
      }
      case "2006" -> b.append(pad(t.getYear(), 4));
      case "06" -> b.append(pad(t.getYear() % 100, 2));
      case "002" -> b.append(pad(t.getDayOfYear(), 3));
      case "__2" -> b.append(String.format("%3d", t.getDayOfYear()));
      case "01" -> b.append(pad(t.getMonthValue(), 2));
      case "1" -> b.append(t.getMonthValue());
      case "02" -> b.append(pad(t.getDayOfMonth(), 2));
      case "_2" -> b.append(String.format("%2d", t.getDayOfMonth()));
      case "2" -> b.append(t.getDayOfMonth());
      case "15" -> b.append(pad(t.getHour(), 2));
      case "03" -> b.append(pad(hour12(t), 2));
      case "3" -> b.append(hour12(t));
      case "04" -> b.append(pad(t.getMinute(), 2));
      case "4" -> b.append(t.getMinute());
      case "05" -> b.append(pad(t.getSecond(), 2));
      case "5" -> b.append(t.getSecond());
      case "PM" -> b.append(t.getHour() >= 12 ? "PM" : "AM");
      case "pm" -> b.append(t.getHour() >= 12 ? "pm" : "am");
      default -> offset(b, std, offset);
    }
  }

  private static void offset(StringBuilder b, String std, int offset) {
    if (std.startsWith("Z") && offset == 0) {
      b.append('Z');
      return;
    }
    int abs = Math.abs(offset);
    b.append(offset < 0 ? '-' : '+').append(pad(abs / 3600, 2));
    String rest = std.substring(3);
    boolean colon = rest.startsWith(":");
    if (rest.length() >= 2) {
      b.append(colon ? ":" : "").append(pad(abs / 60 % 60, 2));
    }
    if (rest.length() >= 4) {
      b.append(colon ? ":" : "").append(pad(abs % 60, 2));
    }
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }
}
