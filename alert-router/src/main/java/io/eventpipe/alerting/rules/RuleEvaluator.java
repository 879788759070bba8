package io.eventpipe.alerting.rules;

import io.eventpipe.alerting.Json;
import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.Fingerprint;
import io.eventpipe.alerting.notify.Templates;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.SeriesId;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.metrics.ClosedThrough;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules on the aggregator's 1-minute windows in event time, Prometheus style: all aggregates go
 * to one partition (rules group across series), each closed-through mark annotated with the partition it was read
 * from; minute M is evaluated once, at its end, when the marks of every aggregator task on every partition of
 * {@code aggregates.1m} have reached it (so a lagging partition never makes a ratio see part of its series or an
 * {@code absent} rule fire falsely). A condition that holds makes the alert pending; held
 * for {@code for} it fires and is sent (with {@code endsAt} open) at every evaluation; when it stops holding a
 * firing alert is sent once more with {@code endsAt} = evaluation time.
 */
public final class RuleEvaluator implements Processor<String, MetricAggregate, String, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);
  static final String SERIES = "rule-series";
  static final String ACTIVE = "rule-alerts";
  static final String CLOCK = "rule-clock";
  private static final long SERIES_TTL = Duration.ofDays(1).toMillis();
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  /** After a longer gap (a router stopped for days), evaluation resumes at the newest complete minute. */
  private static final int MAX_CATCH_UP_MINUTES = 24 * 60;
  private static final String EVALUATED = "evaluated";
  private static final String MARK = "mark/";
  private static final Templates TEMPLATES = Templates.defaults();

  private final List<Rule> rules;
  private final Map<String, Long> keepByMetric = new HashMap<>();
  private final Map<String, Rule> byIdentity = new HashMap<>();
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, SeriesHistory> series;
  private KeyValueStore<String, ActiveRuleAlert> active;
  private KeyValueStore<String, Long> clock;
  private final ClosedThrough.Completion completion = new ClosedThrough.Completion();

  RuleEvaluator(List<Rule> rules) {
    this.rules = rules;
    for (Rule rule : rules) {
      byIdentity.put(rule.identity(), rule);
      for (Condition c : rule.conditions()) {
        for (Selector s : c.selectors()) {
          keepByMetric.merge(s.metric(), c.over().toMillis() + Duration.ofMinutes(1).toMillis(), Math::max);
        }
      }
    }
  }

  /** Adds rule evaluation (aggregates in, alerts out) to the router's topology. */
  public static void addTo(StreamsBuilder builder, List<RuleGroup> groups) {
    List<Rule> rules = groups.stream().flatMap(g -> g.rules().stream()).toList();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES), Serdes.String(),
        Json.serde(SeriesHistory.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIVE), Serdes.String(),
        Json.serde(ActiveRuleAlert.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK), Serdes.String(),
        Serdes.Long()));
    EventCodec<MetricAggregate> codec = EventCodec.of(EventTypes.AGGREGATE);
    KStream<String, byte[]> in = builder.stream(Topics.AGGREGATES.name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()));
    in.filter((k, bytes) -> codec.decode(bytes) instanceof Decoded.Failure<MetricAggregate>)
        .process(() -> new AggregateDeadLetters(codec), Named.as("rules-aggregate-dlq"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    in.mapValues(codec::decode)
        .filter((k, v) -> v instanceof Decoded.Ok<MetricAggregate>)
        .mapValues(Decoded::event)
        .process(MarkSource::new, Named.as("rules-mark-source"))
        .repartition(Repartitioned.<String, MetricAggregate>as("aggregates-for-rules").withNumberOfPartitions(1)
            .withKeySerde(Serdes.String()).withValueSerde(EventSerdes.strict(EventTypes.AGGREGATE)))
        .process(() -> new RuleEvaluator(rules), Named.as("rules-evaluate"), SERIES, ACTIVE, CLOCK)
        .to(Topics.ALERTS.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.series = context.getStateStore(SERIES);
    this.active = context.getStateStore(ACTIVE);
    this.clock = context.getStateStore(CLOCK);
    try (KeyValueIterator<String, Long> it = clock.prefixScan(MARK, Serdes.String().serializer())) {
      it.forEachRemaining(kv -> {
        String[] parts = kv.key.substring(MARK.length()).split("/");
        completion.observe(Integer.parseInt(parts[0]), ClosedThrough.mark(Integer.parseInt(parts[1]),
            Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), kv.value, MINUTE));
      });
    }
  }

  @Override
  public void process(Record<String, MetricAggregate> record) {
    MetricAggregate a = record.value();
    if (ClosedThrough.isMark(a)) {
      observe(a);
      return;
    }
    Long keep = keepByMetric.get(a.getMetric());
    if (keep == null) {
      return; // no rule reads this metric: nothing to keep
    }
    String id = SeriesId.of(a);
    SeriesHistory history = series.get(id);
    series.put(id, (history == null ? SeriesHistory.empty(a) : history).add(a, a.getWindowEnd() - keep));
  }

  /** Takes a closed-through mark; evaluates, once each and in order, the minutes it completes. */
  private void observe(MetricAggregate mark) {
    Map<String, String> labels = mark.getLabels();
    int partition = Integer.parseInt(labels.get(ClosedThrough.Completion.SOURCE_PARTITION));
    if (!completion.observe(partition, mark)) {
      return;
    }
    clock.put(MARK + partition + "/" + labels.get(ClosedThrough.WRITER) + "/" + labels.get(ClosedThrough.WRITERS)
        + "/" + labels.get(ClosedThrough.PARTITIONS), mark.getWindowEnd());
    OptionalLong complete = completion.completeThrough();
    if (complete.isEmpty()) {
      return;
    }
    long through = complete.getAsLong();
    Long evaluated = clock.get(EVALUATED);
    long next = evaluated == null || through - evaluated > MAX_CATCH_UP_MINUTES * MINUTE ? through : evaluated + MINUTE;
    for (long minute = next; minute <= through; minute += MINUTE) {
      evaluate(minute);
    }
    if (evaluated == null || through > evaluated) {
      clock.put(EVALUATED, through);
    }
  }

  private void evaluate(long now) {
    List<SeriesHistory> all = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, SeriesHistory> it = series.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.lastSeen() < now - SERIES_TTL) {
          expired.add(kv.key);
        } else {
          all.add(kv.value);
        }
      });
    }
    expired.forEach(series::delete);
    Map<String, ActiveRuleAlert> previously = new HashMap<>();
    try (KeyValueIterator<String, ActiveRuleAlert> it = active.all()) {
      it.forEachRemaining(kv -> previously.put(kv.key, kv.value));
    }
    for (Rule rule : rules) {
      for (Map.Entry<Map<String, String>, Double> hit : rule.evaluate(all, now).entrySet()) {
        Map<String, String> labels = new TreeMap<>(hit.getKey());
        labels.putAll(rule.labels());
        labels.put("alertname", rule.alert());
        String key = rule.identity() + "|" + Fingerprint.hex(labels);
        ActiveRuleAlert state = previously.remove(key);
        if (state == null) {
          state = new ActiveRuleAlert(labels, now, 0, hit.getValue());
        }
        if (state.firedAt() == 0 && now - state.activeAt() >= rule.holdFor().toMillis()) {
          state = new ActiveRuleAlert(labels, state.activeAt(), now, hit.getValue());
        }
        state = state.withValue(hit.getValue());
        active.put(key, state);
        if (state.firedAt() != 0) {
          send(rule, labels, hit.getValue(), state.firedAt(), 0, now);
        }
      }
    }
    previously.forEach((key, state) -> {
      active.delete(key);
      Rule rule = byIdentity.get(key.substring(0, key.indexOf('|')));
      if (state.firedAt() != 0 && rule != null) {
        send(rule, state.labels(), state.lastValue(), state.firedAt(), now, now);
      }
    });
  }

  private void send(Rule rule, Map<String, String> labels, double value, long startsAt, long endsAt, long now) {
    Map<String, String> annotations = new TreeMap<>();
    rule.annotations().forEach((name, text) -> {
      try {
        annotations.put(name, TEMPLATES.render(text, labels, Map.of("$labels", labels, "$value", value)));
      } catch (RuntimeException e) {
        LOG.warn("annotation {} of rule {} failed to render: {}", name, rule.alert(), e.getMessage());
        annotations.put(name, text);
      }
    });
    Alert alert = new Alert(labels, annotations, startsAt, endsAt, "", now, false);
    context.forward(new Record<>(alert.fingerprint(), Json.write(alert), now));
  }

  /** Adds the partition a closed-through mark was read from to its labels, before all aggregates share one partition. */
  private static final class MarkSource implements Processor<String, MetricAggregate, String, MetricAggregate> {
    private ProcessorContext<String, MetricAggregate> context;

    @Override
    public void init(ProcessorContext<String, MetricAggregate> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, MetricAggregate> record) {
      MetricAggregate a = record.value();
      if (ClosedThrough.isMark(a)) {
        Map<String, String> labels = new TreeMap<>(a.getLabels());
        labels.put(ClosedThrough.Completion.SOURCE_PARTITION,
            Integer.toString(context.recordMetadata().orElseThrow().partition()));
        a = MetricAggregate.newBuilder(a).setLabels(labels).build();
      }
      context.forward(record.withKey("rules").withValue(a));
    }
  }

  /** Sends undecodable aggregates, original bytes kept, to the dead-letter topic with the decoder's reason. */
  private static final class AggregateDeadLetters implements Processor<String, byte[], String, byte[]> {
    private final EventCodec<MetricAggregate> codec;
    private ProcessorContext<String, byte[]> context;

    AggregateDeadLetters(EventCodec<MetricAggregate> codec) {
      this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      Decoded.Failure<MetricAggregate> failure = (Decoded.Failure<MetricAggregate>) codec.decode(record.value());
      var origin = context.recordMetadata().orElseThrow();
      DeadLetter.headers(failure.reason(), failure.detail(), origin.topic(), origin.partition(), origin.offset())
          .forEach(h -> record.headers().add(h));
      context.forward(record);
    }
  }
}
