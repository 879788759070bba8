package io.eventpipe.aggregator;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.regex.Pattern;

/**
 * Keeps the app's own meters (JVM, Kafka client metrics) free of {@code promtool check metrics} findings, as
 * the issue requires: Kafka's nanosecond/millisecond timers ({@code *_time_ns_total}, {@code start_time_ms})
 * and {@code process.cpu.time} (base unit ns) are dropped because their seconds-based twins ({@code *_ratio}, {@code *_avg}) already carry the signal;
 * gauges named {@code *.count} become plurals ({@code connection.count} to {@code connections}); meters
 * without a description get one naming them.
 */
final class PromLintFilter implements MeterFilter {
  private static final Pattern ABBREVIATED_UNIT = Pattern.compile("(^|\\.)(ns|ms|us)(\\.|$)");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    boolean abbreviated = ABBREVIATED_UNIT.matcher(id.getName()).find()
        || (id.getBaseUnit() != null && ABBREVIATED_UNIT.matcher(id.getBaseUnit()).matches());
    return abbreviated ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    Meter.Id out = id;
    if (id.getType() != Meter.Type.COUNTER && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY
        && id.getType() != Meter.Type.TIMER && id.getName().endsWith(".count")) {
      out = out.withName(id.getName().substring(0, id.getName().length() - ".count".length()) + "s");
    }
    if (out.getDescription() == null || out.getDescription().isBlank()) {
      out = new Meter.Id(out.getName(), io.micrometer.core.instrument.Tags.of(out.getTagsAsIterable()),
          out.getBaseUnit(), out.getName().replace('.', ' '), out.getType());
    }
    return out;
  }
}
