package io.eventpipe.alerting.template;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regexes of {@code match}/{@code reReplaceAll}, compiled once per pattern; Go's {@code $1}/{@code ${name}} expansion. */
final class Regexes {
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Regexes() {}

  static Pattern compile(String regex) {
    try {
      return CACHE.computeIfAbsent(regex, Pattern::compile);
    } catch (PatternSyntaxException e) {
      throw new TemplateException("error parsing regexp: " + e.getDescription() + ": `" + regex + "`");
    }
  }

  /** Go's Regexp.ReplaceAllString: {@code $name} takes the longest run of letters, digits and _; unknown = "". */
  static String replaceAll(String regex, String replacement, String text) {
    Matcher m = compile(regex).matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    int previousEnd = -1;
    while (m.find()) {
      if (m.start() == m.end() && m.start() == previousEnd) {
        continue; // Go ignores an empty match abutting the preceding match
      }
      out.append(text, last, m.start());
      expand(out, replacement, m);
      last = m.end();
      previousEnd = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }

  private static void expand(StringBuilder out, String template, Matcher m) {
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        continue;
      }
      if (template.charAt(i + 1) == '$') {
        out.append('$');
        i++;
        continue;
      }
      String name;
      int end;
      if (template.charAt(i + 1) == '{') {
        end = template.indexOf('}', i + 2);
        if (end < 0) {
          out.append(c);
          continue;
        }
        name = template.substring(i + 2, end);
        end++;
      } else {
        end = i + 1;
        while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
            || template.charAt(end) == '_')) {
          end++;
        }
        name = template.substring(i + 1, end);
      }
      if (name.isEmpty()) {
        out.append(c);
        continue;
      }
      out.append(group(m, name));
      i = end - 1;
    }
  }

  private static String group(Matcher m, String name) {
    try {
      String v = name.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(name)) : m.group(name);
      return v == null ? "" : v;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "";
    }
  }
}
