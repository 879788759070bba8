package io.eventpipe.aggregator;

import io.eventpipe.events.BillingEvent;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator topology, in two halves joined by one repartition topic ({@code <app-id>-metric-partials}):
 * upstream, per input partition, events are decoded (refused records to the dead-letter topic), turned into
 * metric deltas and pre-aggregated in memory by {@link PreAggregator}, which forwards one partial per series and
 * window per commit plus its watermark; downstream, per series, {@link SeriesAggregator} keeps the cumulative series
 * (read by /metrics) and publishes each window on the aggregate topic once every upstream watermark has passed it.
 * Billing events are also re-keyed by user for the subscription table behind the subscription_mrr family.
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
    // Both halves use the same definitions: the upstream derives deltas, the downstream finds families by name.
    Families families = Families.of(config.definitions());
    EventDeltas eventDeltas = new EventDeltas(config.definitions(), families);
    KStream<byte[], Derived> derived = builder
        .stream(DecodeProcessor.topics(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()).withName("inputs"))
        .process(() -> new DecodeProcessor(eventDeltas, onRecord, config.maxFutureSkew()), Named.as("decode"));
    derived.filter((key, d) -> !d.accepted(), Named.as(DecodeProcessor.REFUSED))
        .mapValues(Derived::bytes, Named.as("dead-letter-bytes"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    EventCodec<BillingEvent> billingCodec = EventCodec.of(EventTypes.BILLING);
    // The event's own bytes, keyed by user, when they are Avro already: the subscription processor decodes them either
    // way, so re-encoding the decoded event (2.6% of the stream threads in a profile) was work for nothing.
    KStream<String, byte[]> billing = derived
        .filter((key, d) -> d.event() instanceof BillingEvent, Named.as(DecodeProcessor.BILLING))
        .map((key, d) -> KeyValue.pair(((BillingEvent) d.event()).getUserId(),
            billingCodec.avroBytes(d.bytes(), (BillingEvent) d.event())), Named.as("billing-by-user-key"));
    builder.addStateStore(CommitFlush.store(PreAggregator.FLUSH_HOOK));
    KStream<String, Update> partials = derived.process(() -> new PreAggregator(config.windowSize(),
        config.commitInterval(), config.idleTimeout(), inputPartitions, tasks), Named.as(DecodeProcessor.PRE_AGGREGATOR),
        PreAggregator.FLUSH_HOOK);

    // Cached like the series stores: RocksDB and the changelog see each user's subscription once per commit, not
    // once per billing event.
    store(builder, SubscriptionProcessor.SUBSCRIPTIONS);
    KStream<String, Update> mrr = acceptedOrDeadLettered(billing
        .repartition(Repartitioned.<String, byte[]>as("billing-by-user")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
        .process(() -> new SubscriptionProcessor(families.mrr()), Named.as("subscriptions"),
            SubscriptionProcessor.SUBSCRIPTIONS), "subscriptions", "partials", "mrr-partials");

    store(builder, SeriesAggregator.SERIES);
    store(builder, SeriesAggregator.WINDOWS);
    store(builder, SeriesAggregator.SKETCHES);
    store(builder, SeriesAggregator.CLOCK);
    KStream<String, Routed<MetricAggregate>> series = partials.merge(mrr, Named.as("mrr-merge"))
        // Bytes on the repartition topic, decoded by the downstream processor, so a corrupt record is dead-lettered
        // with a reason rather than failing deserialization.
        .mapValues(update -> Update.SERDE.serializer().serialize(null, update), Named.as("partials-encode"))
        .repartition(Repartitioned.<String, byte[]>as(PARTIALS).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.ByteArray()).withStreamPartitioner(new PartialsPartitioner()))
        .process(() -> new SeriesAggregator(families, config.windowSize(), config.grace(), config.cardinalityCap(),
            tasks, aggregatePartitions),
            Named.as("series-aggregator"),
            SeriesAggregator.SERIES, SeriesAggregator.WINDOWS, SeriesAggregator.SKETCHES, SeriesAggregator.CLOCK);
    acceptedOrDeadLettered(series, "series", "published", "series-aggregates")
        .to(Topics.AGGREGATES.name(), Produced.with(Serdes.String(), EventSerdes.strict(EventTypes.AGGREGATE))
            .withStreamPartitioner(new AggregatesPartitioner()));
    return builder.build();
  }

  /**
   * Sends what a processor refused to the dead-letter topic (its bytes, with the headers it set) and returns what it
   * accepted, unwrapped; the branches are named {@code <prefix>-refused} and {@code <prefix>-<accepted>}.
   */
  private static <T> KStream<String, T> acceptedOrDeadLettered(KStream<String, Routed<T>> routed, String prefix,
      String accepted, String unwrapped) {
    Map<String, KStream<String, Routed<T>>> branches = routed.split(Named.as(prefix + "-"))
        .branch((key, r) -> r instanceof Routed.Refused, Branched.as("refused"))
        .defaultBranch(Branched.as(accepted));
    branches.get(prefix + "-refused").mapValues(r -> ((Routed.Refused<T>) r).bytes(),
            Named.as(prefix + "-dead-letter-bytes"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    return branches.get(prefix + "-" + accepted).mapValues(r -> ((Routed.Accepted<T>) r).event(), Named.as(unwrapped));
  }

  /**
   * A cached store. Every store holds bytes: the processors decode values themselves
   * ({@link TaskCache}), so a value that cannot be read (restored from a changelog another version wrote) is
   * dead-lettered as stored instead of failing the task on every record that touches it.
   */
  private static void store(StreamsBuilder builder, String name) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
        Serdes.ByteArray()).withCachingEnabled());
  }
}
