package io.eventpipe.alerting.template;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Alertmanager's template.DefaultFuncs (0.25, plus date/tz/since/humanizeDuration/trimSpace of later releases). */
final class AlertmanagerFunctions {
  private AlertmanagerFunctions() {}

  static void register(Map<String, GoFunction> f) {
    f.put("toUpper", GoFunction.of(1, a -> Values.string(a.get(0), "toUpper").toUpperCase(Locale.ROOT)));
    f.put("toLower", GoFunction.of(1, a -> Values.string(a.get(0), "toLower").toLowerCase(Locale.ROOT)));
    f.put("title", GoFunction.of(1, a -> title(Values.string(a.get(0), "title"))));
    f.put("trimSpace", GoFunction.of(1, a -> Values.string(a.get(0), "trimSpace").strip()));
    f.put("join", GoFunction.of(2, a -> String.join(Values.string(a.get(0), "join"), strings(a.get(1)))));
    f.put("match", GoFunction.of(2, a -> Regexes.compile(Values.string(a.get(0), "match"))
        .matcher(Values.string(a.get(1), "match")).find()));
    f.put("safeHtml", GoFunction.of(1, a -> new SafeHtml(Values.string(a.get(0), "safeHtml"))));
    f.put("reReplaceAll", GoFunction.of(3, a -> Regexes.replaceAll(Values.string(a.get(0), "reReplaceAll"),
        Values.string(a.get(1), "reReplaceAll"), Values.string(a.get(2), "reReplaceAll"))));
    f.put("stringSlice", GoFunction.variadic(0, a -> {
      List<String> out = new ArrayList<>();
      a.forEach(s -> out.add(Values.string(s, "stringSlice")));
      return out;
    }));
    f.put("date", GoFunction.of(2, a -> time(a.get(1), "date").format(Values.string(a.get(0), "date"))));
    f.put("tz", GoFunction.of(2, a -> time(a.get(1), "tz").in(zone(Values.string(a.get(0), "tz")))));
    f.put("since", GoFunction.of(1, a -> {
      Instant t = time(a.get(0), "since").time().toInstant();
      Instant now = Instant.now();
      return new GoDuration((now.getEpochSecond() - t.getEpochSecond()) * 1_000_000_000L
          + now.getNano() - t.getNano());
    }));
    f.put("humanizeDuration", GoFunction.of(1, a -> Humanize.duration(Humanize.toFloat(a.get(0)))));
  }

  static GoTime time(Object v, String function) {
    if (v instanceof GoTime t) {
      return t;
    }
    throw new TemplateException("wrong type for value; expected time.Time; got " + Values.kind(v) + " (in "
        + function + ")");
  }

  private static ZoneId zone(String name) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new TemplateException("unknown time zone " + name);
    }
  }

  static List<String> strings(Object v) {
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(Values.string(o, "join"));
      }
      return out;
    }
    throw new TemplateException("wrong type for value; expected []string; got " + Values.kind(v));
  }

  /** Go's strings.Title: upper-cases the first letter of each word (words separated by non-letters/digits/_). */
  static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean separated = true;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      out.appendCodePoint(separated ? Character.toTitleCase(c) : c);
      separated = isSeparator(c);
      i += Character.charCount(c);
    }
    return out.toString();
  }

  private static boolean isSeparator(int c) {
    if (c <= 0x7f) {
      return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
    }
    return !Character.isLetterOrDigit(c) && Character.isWhitespace(c);
  }
}
