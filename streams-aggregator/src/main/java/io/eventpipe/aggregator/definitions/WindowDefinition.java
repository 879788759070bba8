package io.eventpipe.aggregator.definitions;

/**
 * One exported window of a distinct family: {@code 5m} (trailing five minutes), {@code 1d} (the UTC day) or
 * {@code 1mo} (the UTC month) of the newest event, exported as a gauge named {@code name}.
 */
public record WindowDefinition(String window, String name, String help) {

  /** The windows distinct families support (the sketch grains the aggregator keeps). */
  public static final java.util.List<String> SUPPORTED = java.util.List.of("5m", "1d", "1mo");

  public String help() {
    return help != null ? help : name.replace('_', ' ') + ".";
  }
}
