package io.eventpipe.producers.simulator;

import io.eventpipe.events.RequestEvent;

/**
 * HTTP requests from two services over a fixed route set: lognormal latencies with a median per route, a
 * configurable 5xx rate, some 4xx, and 70% of requests from signed-in users. Incidents ERROR_SPIKE and
 * LATENCY_SPIKE hit the {@code api} service.
 */
final class RequestTraffic {
  /** One route a service serves, with its latency median in seconds and relative traffic weight. */
  private record Route(String service, String method, String template, double medianSeconds, double weight) {}

  private static final Route[] ROUTES = {
      new Route("api", "GET", "/v1/images/{id}", 0.035, 30),
      new Route("api", "POST", "/v1/generations", 0.120, 12),
      new Route("api", "GET", "/v1/generations/{id}", 0.025, 25),
      new Route("api", "GET", "/v1/models", 0.015, 6),
      new Route("api", "GET", "/users/{id}", 0.030, 8),
      new Route("api", "GET", "/health", 0.002, 4),
      new Route("auth", "POST", "/login", 0.180, 6),
      new Route("auth", "POST", "/logout", 0.020, 2),
      new Route("auth", "GET", "/session", 0.010, 7),
  };
  private static final double[] WEIGHTS = java.util.Arrays.stream(ROUTES).mapToDouble(Route::weight).toArray();
  private static final int INSTANCES = 3;
  private static final int[] SERVER_ERRORS = {500, 502, 503};
  private static final int[] CLIENT_ERRORS = {400, 401, 404};

  private final SimState sim;
  private final UserPopulation users;

  RequestTraffic(SimState sim, UserPopulation users) {
    this.sim = sim;
    this.users = users;
  }

  RequestEvent next() {
    Route route = ROUTES[sim.pick(WEIGHTS)];
    boolean api = route.service().equals("api");
    double errorRate = api && sim.incident(Incident.Kind.ERROR_SPIKE) ? 0.30 : sim.config.errorRate();
    int status;
    if (sim.chance(errorRate)) {
      status = SERVER_ERRORS[sim.random.nextInt(SERVER_ERRORS.length)];
    } else if (sim.chance(0.03)) {
      status = CLIENT_ERRORS[sim.random.nextInt(CLIENT_ERRORS.length)];
    } else {
      status = route.method().equals("POST") && api ? 201 : 200;
    }
    double median = route.medianSeconds() * (api && sim.incident(Incident.Kind.LATENCY_SPIKE) ? 40 : 1);
    double seconds = Math.round(sim.lognormal(median, 0.6) * 1e6) / 1e6;
    RequestEvent.Builder event = RequestEvent.newBuilder()
        .setEventId(sim.newId())
        .setEventTime(sim.now)
        .setSource(SimState.source(route.service(), route.service() + "-" + sim.random.nextInt(INSTANCES)))
        .setMethod(route.method())
        .setRoute(route.template())
        .setStatusCode(status)
        .setDurationSeconds(seconds)
        .setRequestBytes(route.method().equals("POST") ? 200L + sim.random.nextInt(800) : 0L)
        .setResponseBytes(300L + sim.random.nextInt(20_000));
    if (sim.chance(0.7)) {
      int user = users.pickActive();
      event.setUserId(users.id(user)).setPlan(users.plan(user));
    }
    return event.build();
  }
}
