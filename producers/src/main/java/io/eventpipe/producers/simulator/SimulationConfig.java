package io.eventpipe.producers.simulator;

import java.time.Duration;
import java.util.List;

/**
 * What the traffic simulator produces. The output depends only on these values: record {@code i} carries
 * event time {@code startMs + floor(i * 1000 / rate)}, and all randomness comes from {@code seed}.
 *
 * @param seed randomness seed; the same config gives byte-identical records
 * @param startMs simulated time of the first record, epoch ms
 * @param rate records per simulated second (and per wall-clock second when paced)
 * @param count how many records; null with a null duration means until stopped
 * @param duration simulated time to cover (count = ceil(duration * rate)); used when count is null
 * @param users size of the simulated user population (activity is Zipf-skewed over it)
 * @param errorRate fraction of requests answered 5xx outside incidents
 * @param badRatio fraction of records replaced by invalid ones (for dead-letter testing)
 * @param incidents outages to simulate
 * @param pace whether sending waits for the wall clock to keep {@code rate}; false sends as fast as possible
 * @param custom also emit generic events on events.custom (db queries, cache lookups, in-flight gauges); off by
 *     default so a seed keeps producing the stream it produced before custom events existed
 */
public record SimulationConfig(long seed, long startMs, double rate, Long count, Duration duration, int users,
    double errorRate, double badRatio, List<Incident> incidents, boolean pace, boolean custom) {

  public SimulationConfig {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate: must be > 0 events/s, got " + rate);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("count: must be >= 0, got " + count);
    }
    if (duration != null && duration.isNegative()) {
      throw new IllegalArgumentException("duration: must be >= 0, got " + duration);
    }
    if (users < 1) {
      throw new IllegalArgumentException("users: must be >= 1, got " + users);
    }
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("errorRate: must be within 0..1, got " + errorRate);
    }
    if (!(badRatio >= 0 && badRatio <= 1)) {
      throw new IllegalArgumentException("badRatio: must be within 0..1, got " + badRatio);
    }
    if (startMs <= 0) {
      throw new IllegalArgumentException("startMs: must be epoch ms > 0, got " + startMs);
    }
    incidents = List.copyOf(incidents);
  }

  /** Defaults: 100 events/s from now, 1000 users, 1% errors, no bad records, no incidents, paced, until stopped. */
  public static SimulationConfig defaults(long seed) {
    return new SimulationConfig(seed, System.currentTimeMillis(), 100, null, null, 1000, 0.01, 0, List.of(), true, false);
  }

  /** The number of records this config produces, or -1 when it runs until stopped. */
  public long totalRecords() {
    if (count != null) {
      return count;
    }
    if (duration != null) {
      return (long) Math.ceil(duration.toMillis() / 1000.0 * rate);
    }
    return -1;
  }

  /** Simulated time of record {@code index}. */
  public long eventTime(long index) {
    return startMs + (long) Math.floor(index * 1000.0 / rate);
  }

  public SimulationConfig withSeed(long value) {
    return new SimulationConfig(value, startMs, rate, count, duration, users, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withStartMs(long value) {
    return new SimulationConfig(seed, value, rate, count, duration, users, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withRate(double value) {
    return new SimulationConfig(seed, startMs, value, count, duration, users, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withCount(Long value) {
    return new SimulationConfig(seed, startMs, rate, value, duration, users, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withDuration(Duration value) {
    return new SimulationConfig(seed, startMs, rate, count, value, users, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withUsers(int value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, value, errorRate, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withErrorRate(double value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, users, value, badRatio, incidents, pace, custom);
  }

  public SimulationConfig withCustomEvents(boolean value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, users, errorRate, badRatio, incidents, pace, value);
  }

  public SimulationConfig withBadRatio(double value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, users, errorRate, value, incidents, pace, custom);
  }

  public SimulationConfig withIncidents(List<Incident> value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, users, errorRate, badRatio, value, pace, custom);
  }

  public SimulationConfig withPace(boolean value) {
    return new SimulationConfig(seed, startMs, rate, count, duration, users, errorRate, badRatio, incidents, value, custom);
  }
}
