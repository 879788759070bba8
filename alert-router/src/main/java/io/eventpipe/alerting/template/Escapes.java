package io.eventpipe.alerting.template;

/** Go's template.HTMLEscapeString and JSEscapeString, and html/template's escaping of printed values. */
final class Escapes {
  private static final java.util.regex.Pattern HTML_COMMENT = java.util.regex.Pattern.compile("<!--.*?-->",
      java.util.regex.Pattern.DOTALL);

  private Escapes() {}

  /** html/template drops HTML comments from template text. */
  static String stripComments(String text) {
    return text.contains("<!--") ? HTML_COMMENT.matcher(text).replaceAll("") : text;
  }

  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("&#34;");
        case '\'' -> b.append("&#39;");
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '\0' -> b.append('\uFFFD');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** html/template's escaping of a value printed in HTML text: also escapes {@code +}. */
  static String htmlText(String s) {
    return html(s).replace("+", "&#43;");
  }

  static String js(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '<' -> b.append("\\u003C");
        case '>' -> b.append("\\u003E");
        case '&' -> b.append("\\u0026");
        case '=' -> b.append("\\u003D");
        default -> {
          if (c < ' ') {
            b.append(String.format("\\u%04X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
