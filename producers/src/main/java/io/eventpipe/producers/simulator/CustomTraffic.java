package io.eventpipe.producers.simulator;

import io.eventpipe.events.CustomEvent;
import java.util.Map;

/**
 * Generic events the simulated API emits on {@code events.custom}: database queries ({@code db_query}: operation,
 * table, duration_seconds, rows), cache lookups ({@code cache_lookup}: cache_type, result hit 80% / miss) and, per
 * endpoint with each sample round, the requests in flight ({@code inflight}: endpoint, in_progress).
 */
final class CustomTraffic {
  private static final String[] OPERATIONS = {"select", "insert", "update"};
  private static final double[] OPERATION_WEIGHTS = {70, 20, 10};
  private static final String[] TABLES = {"users", "images", "payments"};
  private static final double[] QUERY_MEDIANS = {0.004, 0.012, 0.030};
  private static final String[] CACHES = {"redis", "local"};
  static final String[] ENDPOINTS = {"/v1/images/{id}", "/v1/generations"};

  private final SimState sim;
  private int nextEndpoint;

  CustomTraffic(SimState sim) {
    this.sim = sim;
  }

  /** Endpoints sampled per round. */
  static int endpointCount() {
    return ENDPOINTS.length;
  }

  CustomEvent next() {
    return sim.chance(0.5) ? dbQuery() : cacheLookup();
  }

  private CustomEvent dbQuery() {
    int op = sim.pick(OPERATION_WEIGHTS);
    int table = sim.random.nextInt(TABLES.length);
    double seconds = sim.lognormal(QUERY_MEDIANS[op], 0.8);
    return event("db_query", Map.of("operation", OPERATIONS[op], "table", TABLES[table]),
        Map.of("duration_seconds", seconds, "rows", (double) (1 + sim.random.nextInt(50))));
  }

  private CustomEvent cacheLookup() {
    String cache = CACHES[sim.random.nextInt(CACHES.length)];
    return event("cache_lookup", Map.of("cache_type", cache, "result", sim.chance(0.8) ? "hit" : "miss"),
        Map.of("duration_seconds", sim.lognormal(0.0005, 0.5)));
  }

  /** The next endpoint's in-flight requests (round-robin over {@link #ENDPOINTS}). */
  CustomEvent inflight() {
    String endpoint = ENDPOINTS[nextEndpoint];
    nextEndpoint = (nextEndpoint + 1) % ENDPOINTS.length;
    return event("inflight", Map.of("endpoint", endpoint), Map.of("in_progress", (double) sim.random.nextInt(40)));
  }

  private CustomEvent event(String name, Map<String, String> attributes, Map<String, Double> measurements) {
    return CustomEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("api", "api-" + sim.random.nextInt(3))).setName(name).setAttributes(attributes)
        .setMeasurements(measurements).build();
  }
}
