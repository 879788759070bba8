package io.eventpipe.benchmarks;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.events.Source;
import java.util.UUID;

/** The request a benchmark records: what one API request costs to describe, id and timestamp included. */
final class SampleRequests {
  private SampleRequests() {}

  private static final Source SOURCE = new Source("api", "api-0");
  private static final String[] ROUTES = {"/users/{id}", "/generate", "/billing/checkout", "/health", "/images/{uuid}"};
  private static final int[] STATUSES = {200, 200, 200, 201, 404, 500};

  static RequestEvent request(long i) {
    return RequestEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(System.currentTimeMillis())
        .setSource(SOURCE)
        .setMethod("GET")
        .setRoute(ROUTES[(int) (i % ROUTES.length)])
        .setStatusCode(STATUSES[(int) (i % STATUSES.length)])
        .setDurationSeconds(0.001 * (i % 1000))
        .setUserId("u" + (i % 10_000))
        .setPlan("pro")
        .build();
  }
}
