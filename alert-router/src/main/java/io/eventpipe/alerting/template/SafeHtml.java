package io.eventpipe.alerting.template;

/** html/template's HTML type, as {@code safeHtml} returns it: printed without escaping in HTML templates. */
public record SafeHtml(String html) implements CharSequence {
  @Override
  public int length() {
    return html.length();
  }

  @Override
  public char charAt(int index) {
    return html.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return html.subSequence(start, end);
  }

  @Override
  public String toString() {
    return html;
  }
}
