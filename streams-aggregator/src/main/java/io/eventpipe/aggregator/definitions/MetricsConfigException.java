package io.eventpipe.aggregator.definitions;

/** A metrics.yml that cannot be used; the message names the file, the line and the field. */
public final class MetricsConfigException extends RuntimeException {
  public MetricsConfigException(String file, int line, String field, String problem) {
    super(file + ":" + line + ": " + field + ": " + problem);
  }
}
