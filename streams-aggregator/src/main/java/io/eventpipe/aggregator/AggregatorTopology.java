package io.eventpipe.aggregator;

import io.eventpipe.events.BillingEvent;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator topology: decode each input topic (refused records to the dead-letter topic), turn events
 * into metric deltas keyed by series id, repartition once by series id, and aggregate into the cumulative
 * series store (read by /metrics) and the 1-minute aggregate topic. Billing events are additionally
 * re-keyed by user for the subscription table behind MRR.
 */
public final class AggregatorTopology {
  private AggregatorTopology() {}

  static final Serde<Delta> DELTAS = new JsonSerde<>(Delta.class);

  public static Topology build(AggregatorConfig config) {
    return build(config, () -> { });
  }

  /** As {@link #build(AggregatorConfig)}; {@code onRecord} runs for every input record consumed (for throughput counts). */
  public static Topology build(AggregatorConfig config, Runnable onRecord) {
    StreamsBuilder builder = new StreamsBuilder();
    List<KStream<String, Delta>> deltas = new ArrayList<>();
    deltas.add(accepted(builder, EventTypes.REQUEST, onRecord, deltas).flatMap(keyed(EventDeltas::of)));
    deltas.add(accepted(builder, EventTypes.GENERATION, onRecord, deltas).flatMap(keyed(EventDeltas::of)));
    deltas.add(accepted(builder, EventTypes.ACTIVITY, onRecord, deltas).flatMap(keyed(EventDeltas::of)));
    deltas.add(accepted(builder, EventTypes.QUEUE, onRecord, deltas).flatMap(keyed(EventDeltas::of)));
    deltas.add(accepted(builder, EventTypes.GPU, onRecord, deltas).flatMap(keyed(EventDeltas::of)));
    KStream<byte[], BillingEvent> billing = accepted(builder, EventTypes.BILLING, onRecord, deltas);
    deltas.add(billing.flatMap(keyed(EventDeltas::of)));

    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SubscriptionProcessor.SUBSCRIPTIONS),
        Serdes.String(), new JsonSerde<>(SubscriptionProcessor.Subscription.class)));
    deltas.add(billing
        .selectKey((key, event) -> event.getUserId(), Named.as("billing-by-user-key"))
        .repartition(Repartitioned.<String, BillingEvent>as("billing-by-user")
            .withKeySerde(Serdes.String()).withValueSerde(EventSerdes.strict(EventTypes.BILLING)))
        .process(SubscriptionProcessor::new, Named.as("subscriptions"), SubscriptionProcessor.SUBSCRIPTIONS));

    KStream<String, Delta> all = deltas.get(0);
    for (KStream<String, Delta> more : deltas.subList(1, deltas.size())) {
      all = all.merge(more);
    }
    store(builder, SeriesAggregator.SERIES, new JsonSerde<>(SeriesState.class));
    store(builder, SeriesAggregator.WINDOWS, new JsonSerde<>(WindowState.class));
    store(builder, SeriesAggregator.SKETCHES, Serdes.ByteArray());
    store(builder, SeriesAggregator.CLOCK, Serdes.Long());
    all.repartition(Repartitioned.<String, Delta>as("metric-deltas").withKeySerde(Serdes.String()).withValueSerde(DELTAS))
        .process(() -> new SeriesAggregator(config.windowSize(), config.grace(), config.cardinalityCap()),
            Named.as("series-aggregator"),
            SeriesAggregator.SERIES, SeriesAggregator.WINDOWS, SeriesAggregator.SKETCHES, SeriesAggregator.CLOCK)
        .to(Topics.AGGREGATES.name(), Produced.with(Serdes.String(), EventSerdes.strict(EventTypes.AGGREGATE)));
    return builder.build();
  }

  /**
   * The valid events of one input topic. Refused records go to the dead-letter topic with their original key,
   * bytes and DeadLetter headers, and add a delta of the dead-letter counter to {@code deltas}.
   */
  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> KStream<byte[], T> accepted(StreamsBuilder builder, EventType<T> type,
      Runnable onRecord, List<KStream<String, Delta>> deltas) {
    String topic = type.topic().name();
    String name = type.name();
    Map<String, KStream<byte[], Routed<T>>> branches = builder
        .stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new EventTimeExtractor()).withName(name + "-source"))
        .process(() -> new DecodeProcessor<>(type, onRecord), Named.as(name + "-decode"))
        .split(Named.as(name + "-"))
        .branch((key, routed) -> routed instanceof Routed.Refused, Branched.as("refused"))
        .defaultBranch(Branched.as("accepted"));
    KStream<byte[], Routed<T>> refused = branches.get(name + "-refused");
    refused.mapValues(routed -> ((Routed.Refused<T>) routed).bytes(), Named.as(name + "-dead-letter-bytes"))
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    deltas.add(refused.map((key, routed) -> {
      Routed.Refused<T> r = (Routed.Refused<T>) routed;
      Delta delta = EventDeltas.deadLetter(topic, r.reason().headerValue(), r.timestamp());
      return KeyValue.pair(delta.seriesId(), delta);
    }, Named.as(name + "-dead-letter-count")));
    return branches.get(name + "-accepted").mapValues(routed -> ((Routed.Accepted<T>) routed).event(),
        Named.as(name + "-events"));
  }

  private static <T> KeyValueMapper<byte[], T, Iterable<KeyValue<String, Delta>>> keyed(Function<T, List<Delta>> of) {
    return (key, event) -> of.apply(event).stream().map(d -> KeyValue.pair(d.seriesId(), d)).toList();
  }

  private static <V> void store(StreamsBuilder builder, String name, Serde<V> valueSerde) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde));
  }
}
