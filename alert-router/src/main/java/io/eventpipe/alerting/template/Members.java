package io.eventpipe.alerting.template;

import java.util.List;

/**
 * A value with Go fields or methods that templates reach with {@code .Name}: the Alertmanager data types, times
 * and durations. {@link #member} returns {@link #ABSENT} for a name the type does not have.
 */
public interface Members {
  Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  /** The field or the result of calling the method {@code name} with {@code args}; ABSENT if there is none. */
  Object member(String name, List<Object> args);

  /** Go's type name, for error messages. */
  String goType();

  /** Whether {@code name} is a method (that may take arguments) rather than a field. */
  default boolean isMethod(String name) {
    return false;
  }
}
