package io.eventpipe.alerting.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A conjunction of matchers, parsed from Alertmanager's matcher syntax ({@code {a="b", c=~"d.*"}} or
 * {@code a=b, c!~d}), kept in Alertmanager's order (name, value, type) so route keys print the same.
 */
public record Matchers(List<Matcher> list) {
  private static final Comparator<Matcher> ORDER = Comparator.comparing(Matcher::name)
      .thenComparing(Matcher::value).thenComparing(Matcher::type);

  public static final Matchers NONE = new Matchers(List.of());

  public Matchers {
    list = list.stream().sorted(ORDER).toList();
  }

  public boolean matches(Map<String, String> labels) {
    for (Matcher m : list) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public Matchers and(Matchers other) {
    List<Matcher> all = new ArrayList<>(list);
    all.addAll(other.list);
    return new Matchers(all);
  }

  /** Parses one matcher expression; the message names the offending text. */
  public static Matchers parse(String input) {
    String s = input.trim();
    if (s.startsWith("{")) {
      if (!s.endsWith("}")) {
        throw new IllegalArgumentException("matcher '" + input + "': missing closing '}'");
      }
      s = s.substring(1, s.length() - 1);
    }
    List<Matcher> out = new ArrayList<>();
    for (String part : splitOutsideQuotes(s)) {
      if (!part.isBlank()) {
        out.add(parseOne(part.trim(), input));
      }
    }
    return new Matchers(out);
  }

  private static Matcher parseOne(String part, String input) {
    int i = 0;
    while (i < part.length() && (Character.isLetterOrDigit(part.charAt(i)) || part.charAt(i) == '_')) {
      i++;
    }
    String name = part.substring(0, i).trim();
    String rest = part.substring(i).trim();
    Matcher.Type type = null;
    for (Matcher.Type t : new Matcher.Type[] {Matcher.Type.REGEX, Matcher.Type.NOT_REGEX, Matcher.Type.NOT_EQUAL,
        Matcher.Type.EQUAL}) {
      if (rest.startsWith(t.text)) {
        type = t;
        break;
      }
    }
    if (type == null || name.isEmpty()) {
      throw new IllegalArgumentException("matcher '" + input + "': expected name followed by =, !=, =~ or !~ in '"
          + part + "'");
    }
    String value = rest.substring(type.text.length()).trim();
    if (value.startsWith("\"")) {
      if (value.length() < 2 || !value.endsWith("\"")) {
        throw new IllegalArgumentException("matcher '" + input + "': unterminated quoted value in '" + part + "'");
      }
      value = unquote(value.substring(1, value.length() - 1));
    }
    return Matcher.of(name, type, value);
  }

  private static String unquote(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 'n' ? '\n' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> splitOutsideQuotes(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** As Alertmanager prints a matcher list: {@code {a="b",c=~"d"}}. */
  @Override
  public String toString() {
    return list.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
