package io.eventpipe.alerting.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named {@code time_intervals} entry with Alertmanager's semantics: it contains an instant when any of its
 * periods does; a period matches when every field it sets does (times in minutes of the day, weekday/day/month/
 * year ranges, negative days counting from the month's end), evaluated in the period's {@code location}.
 */
public record TimeInterval(String name, List<Period> periods) {

  public boolean contains(Instant t) {
    return periods.stream().anyMatch(p -> p.contains(t));
  }

  /** One entry of {@code time_intervals[].time_intervals}: ranges already parsed and validated. */
  public record Period(List<int[]> minutes, List<int[]> weekdays, List<int[]> daysOfMonth, List<int[]> months,
      List<int[]> years, ZoneId location) {

    boolean contains(Instant instant) {
      ZonedDateTime t = instant.atZone(location);
      int minute = t.getHour() * 60 + t.getMinute();
      if (!minutes.isEmpty() && minutes.stream().noneMatch(r -> minute >= r[0] && minute < r[1])) {
        return false;
      }
      int weekday = t.getDayOfWeek().getValue() % 7;
      if (!in(weekdays, weekday)) {
        return false;
      }
      int length = t.toLocalDate().lengthOfMonth();
      int day = t.getDayOfMonth();
      if (!daysOfMonth.isEmpty() && daysOfMonth.stream().noneMatch(r -> {
        int from = r[0] < 0 ? length + r[0] + 1 : r[0];
        int to = r[1] < 0 ? length + r[1] + 1 : r[1];
        return day >= Math.max(from, 1) && day <= Math.min(to, length);
      })) {
        return false;
      }
      return in(months, t.getMonthValue()) && in(years, t.getYear());
    }

    private static boolean in(List<int[]> ranges, int v) {
      return ranges.isEmpty() || ranges.stream().anyMatch(r -> v >= r[0] && v <= r[1]);
    }
  }

  /** The YAML shape of one period, bound with Jackson. */
  record PeriodYaml(List<TimeRangeYaml> times, List<String> weekdays, List<String> daysOfMonth, List<String> months,
      List<String> years, String location) {}

  /** {@code start_time}/{@code end_time} as HH:MM. */
  record TimeRangeYaml(String startTime, String endTime) {}

  static Period parse(String path, PeriodYaml y) {
    List<int[]> minutes = new ArrayList<>();
    if (y.times() != null) {
      for (int i = 0; i < y.times().size(); i++) {
        TimeRangeYaml r = y.times().get(i);
        int start = clock(path + ".times[" + i + "].start_time", r.startTime());
        int end = clock(path + ".times[" + i + "].end_time", r.endTime());
        if (start >= end) {
          throw new IllegalArgumentException(path + ".times[" + i + "]: start time cannot be equal or greater than end time");
        }
        minutes.add(new int[] {start, end});
      }
    }
    ZoneId zone = ZoneOffset.UTC;
    if (y.location() != null && !y.location().equals("UTC")) {
      try {
        zone = y.location().equals("Local") ? ZoneId.systemDefault() : ZoneId.of(y.location());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(path + ".location: unknown time zone '" + y.location() + "'");
      }
    }
    return new Period(minutes, ranges(path + ".weekdays", y.weekdays(), 0, 6, TimeInterval::weekday),
        ranges(path + ".days_of_month", y.daysOfMonth(), -31, 31, Integer::parseInt),
        ranges(path + ".months", y.months(), 1, 12, TimeInterval::month),
        ranges(path + ".years", y.years(), 1, 9999, Integer::parseInt), zone);
  }

  private static int clock(String path, String hhmm) {
    String s = hhmm == null ? "" : hhmm;
    int colon = s.indexOf(':');
    try {
      int h = Integer.parseInt(s.substring(0, colon));
      int m = Integer.parseInt(s.substring(colon + 1));
      if (s.length() - colon != 3 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
        throw new NumberFormatException();
      }
      return h * 60 + m;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": couldn't parse timestamp " + s + ", invalid format");
    }
  }

  private static List<int[]> ranges(String path, List<String> items, int min, int max,
      java.util.function.ToIntFunction<String> value) {
    List<int[]> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i).trim().toLowerCase(Locale.ROOT);
      int colon = item.indexOf(':', item.startsWith("-") ? 1 : 0);
      try {
        int from = value.applyAsInt(colon < 0 ? item : item.substring(0, colon));
        int to = colon < 0 ? from : value.applyAsInt(item.substring(colon + 1));
        boolean sameSign = (from < 0) == (to < 0);
        if (from < min || to > max || from == 0 && min < 0 || to == 0 && min < 0 || (sameSign && from > to)) {
          throw new NumberFormatException();
        }
        out.add(new int[] {from, to});
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(path + "[" + i + "]: invalid range '" + items.get(i) + "'");
      }
    }
    return out;
  }

  private static int weekday(String s) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT).equals(s)) {
        return d.getValue() % 7;
      }
    }
    throw new NumberFormatException(s);
  }

  private static int month(String s) {
    for (Month m : Month.values()) {
      if (m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT).equals(s)) {
        return m.getValue();
      }
    }
    return Integer.parseInt(s);
  }

}
