package io.eventpipe.aggregator.definitions;

import java.util.List;

/** The root of metrics.yml: the families the aggregator derives, in export order. */
public record MetricsFile(List<FamilyDefinition> families) {
  public List<FamilyDefinition> families() {
    return families == null ? List.of() : families;
  }
}
