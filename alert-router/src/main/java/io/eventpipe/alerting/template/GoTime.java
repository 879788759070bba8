package io.eventpipe.alerting.template;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Go's time.Time as templates see {@code .StartsAt}: prints as {@code 2006-01-02 15:04:05.999999999 -0700 MST},
 * formats with Go layouts ({@code .Format}, {@code date}) and moves between zones ({@code tz}).
 */
public record GoTime(ZonedDateTime time) implements Members, Comparable<GoTime> {
  /** Go's zero time, which Alertmanager shows as the end of a firing alert. */
  public static final GoTime ZERO = new GoTime(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  private static final String STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";
  private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

  public static GoTime ofEpochMillis(long millis) {
    return new GoTime(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
  }

  public GoTime in(ZoneId zone) {
    return new GoTime(time.withZoneSameInstant(zone));
  }

  /** Go's zone abbreviation: "UTC" for UTC, the region's short name, or "" for a bare offset. */
  String zoneName() {
    ZoneId zone = time.getZone();
    if (zone instanceof ZoneOffset offset) {
      return offset.getTotalSeconds() == 0 ? "UTC" : "";
    }
    if (zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC")) {
      return "UTC";
    }
    String name = ZONE_NAME.format(time);
    return name.startsWith("GMT") && name.length() > 3 ? "" : name;
  }

  public String format(String layout) {
    return GoLayout.format(this, layout);
  }

  @Override
  public Object member(String name, List<Object> args) {
    return switch (name) {
      case "Format" -> format(Values.string(args.get(0), "Format"));
      case "Unix" -> time.toEpochSecond();
      case "UnixMilli" -> time.toInstant().toEpochMilli();
      case "UnixNano" -> time.toEpochSecond() * 1_000_000_000L + time.getNano();
      case "UTC" -> in(ZoneOffset.UTC);
      case "Local" -> in(ZoneId.systemDefault());
      case "IsZero" -> equals(ZERO) || time.toInstant().equals(ZERO.time.toInstant());
      case "Year" -> (long) time.getYear();
      case "Month" -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
      case "Day" -> (long) time.getDayOfMonth();
      case "Hour" -> (long) time.getHour();
      case "Minute" -> (long) time.getMinute();
      case "Second" -> (long) time.getSecond();
      case "Weekday" -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
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
    return "time.Time";
  }

  @Override
  public int compareTo(GoTime o) {
    return time.toInstant().compareTo(o.time.toInstant());
  }

  @Override
  public String toString() {
    return format(STRING_LAYOUT);
  }
}
