package io.eventpipe.alerting.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which routes are muted or only active during named time intervals, and whether a route's notifications are
 * muted at an instant (Alertmanager's TimeMuteStage and TimeActiveStage: muted while inside any mute interval,
 * or outside every active interval when it has some).
 */
public record RouteTimeIntervals(Map<String, TimeInterval> intervals, Map<String, Names> byRoute) {
  public static final RouteTimeIntervals NONE = new RouteTimeIntervals(Map.of(), Map.of());

  /** A route's {@code mute_time_intervals} and {@code active_time_intervals}. */
  public record Names(List<String> mute, List<String> active) {}

  /** Whether notifications of the route with this id are muted at {@code now}. */
  public boolean muted(String routeId, Instant now) {
    Names names = byRoute.get(routeId);
    if (names == null) {
      return false;
    }
    if (names.mute().stream().anyMatch(n -> intervals.get(n).contains(now))) {
      return true;
    }
    return !names.active().isEmpty() && names.active().stream().noneMatch(n -> intervals.get(n).contains(now));
  }
}
