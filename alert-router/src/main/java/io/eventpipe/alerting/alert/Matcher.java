package io.eventpipe.alerting.alert;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher with Prometheus semantics: {@code =}, {@code !=}, {@code =~}, {@code !~}; regexes are
 * fully anchored and a missing label matches as the empty string.
 */
public record Matcher(String name, Type type, String value, Pattern regex) {
  /** Prometheus' label name syntax, compiled once. */
  public static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The four matcher operators, with their text form. */
  public enum Type {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    final String text;

    Type(String text) {
      this.text = text;
    }
  }

  public static Matcher of(String name, Type type, String value) {
    if (name == null || !LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid label name in matcher: '" + name + "'");
    }
    Pattern regex = null;
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        regex = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regex in matcher " + name + type.text + "\"" + value + "\": "
            + e.getDescription());
      }
    }
    return new Matcher(name, type, value, regex);
  }

  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (type) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX -> regex.matcher(actual).matches();
      case NOT_REGEX -> !regex.matcher(actual).matches();
    };
  }

  /** As Alertmanager prints it (Go's %q quoting): {@code name="value"}. */
  @Override
  public String toString() {
    return name + type.text + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
