package io.eventpipe.alerting.template;

/** A template that does not parse, refers to an undefined function or template, or fails while executing. */
public final class TemplateException extends IllegalArgumentException {
  public TemplateException(String message) {
    super(message);
  }
}
