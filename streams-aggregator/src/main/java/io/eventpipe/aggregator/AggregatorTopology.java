package io.eventpipe.aggregator;

import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.topics.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator topology, in two halves joined by one repartition topic ({@code <app-id>-metric-partials}):
 * upstream, per input partition, events are decoded (refused records to the dead-letter topic), turned into
 * metric deltas and pre-aggregated in memory by {@link PreAggregator}, which forwards one partial per series and
 * window per commit plus its watermark; downstream, per series, {@link SeriesAggregator} keeps the cumulative series
 * (read by /metrics) and publishes each window on the aggregate topic once every upstream watermark has passed it.
 * Billing events are also re-keyed by user for the subscription table behind MRR.
 */
public final class AggregatorTopology {
  private AggregatorTopology() {}

  static final String PARTIALS = "metric-partials";

  public static Topology build(AggregatorConfig config) {
    return build(config, catalogPartitions(), Topics.AGGREGATES.partitions(), () -> { });
  }

  /** The partition count of every input topic as the catalog creates it. */
  public static Map<String, Integer> catalogPartitions() {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    EventTypes.INPUTS.forEach(type -> partitions.put(type.topic().name(), type.topic().partitions()));
    return partitions;
  }

  /**
   * As {@link #build(AggregatorConfig)} for input topics with these partition counts (a task of the upstream half
   * reads partition N of every topic that has one) and an aggregate topic of {@code aggregatePartitions};
   * {@code onRecord} runs for every input record consumed.
   */
  public static Topology build(AggregatorConfig config, Map<String, Integer> inputPartitions, int aggregatePartitions,
      Runnable onRecord) {
    int tasks = inputPartitions.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<byte[], Derived> derived = null;
    KStream<byte[], BillingEvent> billing = null;
    // Both halves use the same definitions: the upstream derives deltas, the downstream finds families by name.
    Families families = Families.of(config.definitions());
    EventDeltas eventDeltas = new EventDeltas(config.definitions(), families);
    for (EventType<?> type : EventTypes.INPUTS) {
      Input<?> input = input(builder, type, config, onRecord, eventDeltas);
      derived = derived == null ? input.derived() : derived.merge(input.derived(), Named.as(type.name() + "-merge"));
      if (type == EventTypes.BILLING) {
        @SuppressWarnings("unchecked")
        KStream<byte[], BillingEvent> events = (KStream<byte[], BillingEvent>) input.events();
        billing = events;
      }
    }
    builder.addStateStore(CommitFlush.store(PreAggregator.FLUSH_HOOK));
    KStream<String, Update> partials = derived.process(() -> new PreAggregator(config.windowSize(),
        config.commitInterval(), config.idleTimeout(), inputPartitions, tasks), Named.as("pre-aggregator"),
        PreAggregator.FLUSH_HOOK);

    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SubscriptionProcessor.SUBSCRIPTIONS), Serdes.String(),
        SubscriptionProcessor.Subscription.SERDE));
    KStream<String, Update> mrr = billing
        .selectKey((key, event) -> event.getUserId(), Named.as("billing-by-user-key"))
        .repartition(Repartitioned.<String, BillingEvent>as("billing-by-user")
            .withKeySerde(Serdes.String()).withValueSerde(EventSerdes.strict(EventTypes.BILLING)))
        .process(SubscriptionProcessor::new, Named.as("subscriptions"), SubscriptionProcessor.SUBSCRIPTIONS);

    store(builder, SeriesAggregator.SERIES, SeriesState.SERDE);
    store(builder, SeriesAggregator.WINDOWS, WindowState.SERDE);
    store(builder, SeriesAggregator.SKETCHES, Serdes.ByteArray());
    store(builder, SeriesAggregator.CLOCK, Serdes.Long());
    Map<String, KStream<String, Routed<MetricAggregate>>> out = partials.merge(mrr, Named.as("mrr-merge"))
        // Bytes on the repartition topic, decoded by the downstream processor, so a corrupt record is dead-lettered
        // with a reason rather than failing deserialization.
        .mapValues(update -> Update.SERDE.serializer().serialize(null, update), Named.as("partials-encode"))
        .repartition(Repartitioned.<String, byte[]>as(PARTIALS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withStreamPartitioner(new PartialsPartitioner()))
        .process(() -> new SeriesAggregator(families, config.windowSize(), config.grace(), config.cardinalityCap(),
            tasks, aggregatePartitions),
            Named.as("series-aggregator"),
            SeriesAggregator.SERIES, SeriesAggregator.WINDOWS, SeriesAggregator.SKETCHES, SeriesAggregator.CLOCK)
        .split(Named.as("series-"))
        .branch((key, routed) -> routed instanceof Routed.Refused, Branched.as("refused"))
        .defaultBranch(Branched.as("published"));
    out.get("series-refused").mapValues(routed -> ((Routed.Refused<MetricAggregate>) routed).bytes(),
            Named.as("series-dead-letter-bytes"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    out.get("series-published").mapValues(routed -> ((Routed.Accepted<MetricAggregate>) routed).event(),
            Named.as("series-aggregates"))
        .to(Topics.AGGREGATES.name(), Produced.with(Serdes.String(), EventSerdes.strict(EventTypes.AGGREGATE))
            .withStreamPartitioner(new AggregatesPartitioner()));
    return builder.build();
  }

  /** One input topic: its valid events, and every record's deltas (an event's, or a refused record's dead-letter count). */
  private record Input<T>(KStream<byte[], T> events, KStream<byte[], Derived> derived) {}

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Input<T> input(StreamsBuilder builder,
      EventType<T> type, AggregatorConfig config, Runnable onRecord, EventDeltas eventDeltas) {
    String topic = type.topic().name();
    String name = type.name();
    Function<T, List<Delta>> deltas = eventDeltas.of(type);
    Map<String, KStream<byte[], Routed<T>>> branches = builder
        .stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new EventTimeExtractor()).withName(name + "-source"))
        .process(() -> new DecodeProcessor<>(type, onRecord, config.maxFutureSkew()), Named.as(name + "-decode"))
        .split(Named.as(name + "-"))
        .branch((key, routed) -> routed instanceof Routed.Refused, Branched.as("refused"))
        .defaultBranch(Branched.as("accepted"));
    KStream<byte[], Routed<T>> refused = branches.get(name + "-refused");
    refused.mapValues(routed -> ((Routed.Refused<T>) routed).bytes(), Named.as(name + "-dead-letter-bytes"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    KStream<byte[], Derived> counted = refused.mapValues(routed -> {
      Routed.Refused<T> r = (Routed.Refused<T>) routed;
      return new Derived(List.of(EventDeltas.deadLetter(topic, r.reason().headerValue(), r.timestamp())),
          Derived.REFUSED);
    }, Named.as(name + "-dead-letter-count"));
    KStream<byte[], T> events = branches.get(name + "-accepted")
        .mapValues(routed -> ((Routed.Accepted<T>) routed).event(), Named.as(name + "-events"));
    KStream<byte[], Derived> derived = events.mapValues(event -> new Derived(deltas.apply(event), type.eventTime(event)),
        Named.as(name + "-deltas"));
    return new Input<>(events, derived.merge(counted, Named.as(name + "-derived")));
  }

  private static <V> void store(StreamsBuilder builder, String name, Serde<V> valueSerde) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
        .withCachingEnabled());
  }
}
