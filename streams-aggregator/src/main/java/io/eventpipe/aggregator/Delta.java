package io.eventpipe.aggregator;

import io.eventpipe.schemas.SeriesId;
import java.util.Map;

/**
 * One change to one metric series derived from one event: add {@code amount}, observe {@code value}, set the
 * latest {@code value}, or count {@code member} as distinct. Folded into {@link Partial}s by the upstream task.
 *
 * @param family the family of the series (resolved when the definitions were compiled, not per event)
 * @param topic the input topic of the event, for the late-update counter
 */
record Delta(Family family, Map<String, String> labels, long amount, double value, String member, String traceId,
    long eventTime, String topic) {

  static Delta add(Family family, Map<String, String> labels, long amount, long eventTime, String topic) {
    return new Delta(family, labels, amount, 0, null, null, eventTime, topic);
  }

  static Delta observe(Family family, Map<String, String> labels, double value, String traceId, long eventTime,
      String topic) {
    return new Delta(family, labels, 0, value, null, traceId, eventTime, topic);
  }

  static Delta latest(Family family, Map<String, String> labels, double value, long eventTime, String topic) {
    return new Delta(family, labels, 0, value, null, null, eventTime, topic);
  }

  static Delta distinct(Family family, Map<String, String> labels, String member, long eventTime, String topic) {
    return new Delta(family, labels, 0, 0, member, null, eventTime, topic);
  }

  String metric() {
    return family.name();
  }

  String seriesId() {
    return SeriesId.of(family.name(), labels);
  }
}
