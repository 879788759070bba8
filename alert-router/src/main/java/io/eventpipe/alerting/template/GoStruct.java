package io.eventpipe.alerting.template;

import java.util.List;

/** A Go struct: its fields in declaration order, which is also how {@code %v} prints it ({@code {a b c}}). */
public interface GoStruct extends Members {
  List<Object> fieldValues();
}
