package io.eventpipe.alerting.template;

import java.util.List;

/** A template function: fixed arity {@code min..max} ({@code max} -1 = variadic) and its body. */
record GoFunction(int min, int max, Body body) {
  /** The function body over already-checked arguments. */
  @FunctionalInterface
  interface Body {
    Object call(List<Object> args);
  }

  static GoFunction of(int arity, Body body) {
    return new GoFunction(arity, arity, body);
  }

  static GoFunction variadic(int min, Body body) {
    return new GoFunction(min, -1, body);
  }

  Object call(String name, List<Object> args) {
    if (args.size() < min || (max >= 0 && args.size() > max)) {
      throw new TemplateException("wrong number of args for " + name + ": want " + (max < 0 ? "at least " + min
          : Integer.toString(min)) + " got " + args.size());
    }
    return body.call(args);
  }
}
