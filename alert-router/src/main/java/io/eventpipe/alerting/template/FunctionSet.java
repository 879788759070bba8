package io.eventpipe.alerting.template;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The functions a template may call, and the variables it may use without declaring them: Alertmanager's
 * (notification templates) or Prometheus' (rule annotations: humanize*, {@code $labels}, {@code $value}).
 */
public final class FunctionSet {
  public static final FunctionSet ALERTMANAGER = alertmanager();
  public static final FunctionSet PROMETHEUS = prometheus();

  private final Map<String, GoFunction> functions;
  private final Set<String> predeclared;

  private FunctionSet(Map<String, GoFunction> functions, Set<String> predeclared) {
    this.functions = Map.copyOf(functions);
    this.predeclared = predeclared;
  }

  private static FunctionSet alertmanager() {
    Map<String, GoFunction> f = new HashMap<>();
    Builtins.register(f);
    AlertmanagerFunctions.register(f);
    return new FunctionSet(f, Set.of());
  }

  private static FunctionSet prometheus() {
    Map<String, GoFunction> f = new HashMap<>();
    Builtins.register(f);
    AlertmanagerFunctions.register(f);
    f.remove("join");
    f.remove("stringSlice");
    Humanize.register(f);
    return new FunctionSet(f, Set.of("$labels", "$value", "$externalLabels", "$externalURL"));
  }

  Set<String> names() {
    return functions.keySet();
  }

  Set<String> predeclared() {
    return predeclared;
  }

  GoFunction get(String name) {
    return functions.get(name);
  }
}
