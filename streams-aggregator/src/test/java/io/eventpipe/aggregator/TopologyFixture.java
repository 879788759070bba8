package io.eventpipe.aggregator;

import io.eventpipe.events.AggregateRecordKind;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.EventSerdes;
import io.eventpipe.schemas.topics.Topics;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The aggregator topology in a TopologyTestDriver, with typed inputs and the exposition it would serve. */
final class TopologyFixture implements AutoCloseable {
  final TopologyTestDriver driver;
  final AggregatorConfig config;
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();

  /** The driver's wall clock at start: after every event time the tests use, so none is refused as future. */
  static final long WALL = Events.T0 + 8 * 60_000;

  TopologyFixture(Path stateDir, int cap) {
    this(stateDir, cap, WALL);
  }

  /** The production topology and streams settings; every input topic has one partition, as in the driver. */
  TopologyFixture(Path stateDir, int cap, long wallClock) {
    this(stateDir, cap, wallClock, io.eventpipe.aggregator.definitions.MetricDefinitions.builtIn());
  }

  /** As above, deriving the families of these definitions. */
  TopologyFixture(Path stateDir, int cap, long wallClock, io.eventpipe.aggregator.definitions.MetricDefinitions definitions) {
    config = AggregatorConfig.defaults("unused:9092").withStateDir(stateDir).withCardinalityCap(cap)
        .withWindow(Duration.ofMinutes(1), Duration.ofSeconds(30)).withDefinitions(definitions);
    Map<String, Integer> onePartition = new HashMap<>();
    AggregatorTopology.catalogPartitions().keySet().forEach(topic -> onePartition.put(topic, 1));
    driver = new TopologyTestDriver(AggregatorTopology.build(config, onePartition, 1, () -> { }),
        config.streamsProperties(), java.time.Instant.ofEpochMilli(wallClock));
  }

  /** Moves the driver's wall clock (idle timeouts, punctuations). */
  void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void send(EventType<T> type, T event) {
    raw(type.topic().name(), type.key().apply(event).getBytes(StandardCharsets.UTF_8),
        EventCodec.of(type).encode(event));
  }

  void send(SpecificRecord event) {
    for (EventType<?> type : EventTypes.INPUTS) {
      if (type.javaClass().isInstance(event)) {
        sendAs(type, event);
        return;
      }
    }
    throw new IllegalArgumentException("not an input event: " + event.getClass());
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> void sendAs(EventType<T> type, SpecificRecord event) {
    send(type, (T) event);
  }

  void raw(String topic, byte[] key, byte[] value) {
    inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
        .pipeInput(new TestRecord<>(key, value));
  }

  TestOutputTopic<byte[], byte[]> deadLetters() {
    return driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer());
  }

  private TestOutputTopic<String, MetricAggregate> aggregateTopic;
  private final List<MetricAggregate> unread = new ArrayList<>();

  /** Every aggregate record not read before, marks and corrections included. */
  List<MetricAggregate> aggregates() {
    if (aggregateTopic == null) {
      aggregateTopic = driver.createOutputTopic(Topics.AGGREGATES.name(), Serdes.String().deserializer(),
          EventSerdes.strict(EventTypes.AGGREGATE).deserializer());
    }
    unread.addAll(aggregateTopic.readValuesToList());
    List<MetricAggregate> out = new ArrayList<>(unread);
    unread.clear();
    return out;
  }

  /** The unread aggregate records of one kind; the others stay unread. */
  List<MetricAggregate> aggregatesOfKind(AggregateRecordKind kind) {
    List<MetricAggregate> all = aggregates();
    all.stream().filter(a -> a.getRecordKind() != kind).forEach(unread::add);
    return all.stream().filter(a -> a.getRecordKind() == kind).toList();
  }

  /** Window records published since the last read. */
  List<MetricAggregate> windows() {
    return aggregatesOfKind(AggregateRecordKind.WINDOW);
  }

  /** Closed-through marks published since the last read. */
  List<MetricAggregate> marks() {
    return aggregatesOfKind(AggregateRecordKind.CLOSED_THROUGH);
  }

  /** The repartition topic between the two halves, as the driver names it. */
  String partialsTopic() {
    return config.applicationId() + "-" + AggregatorTopology.PARTIALS + "-repartition";
  }

  /** The repartition topic of billing events keyed by user, as the driver names it. */
  String billingByUserTopic() {
    return config.applicationId() + "-billing-by-user-repartition";
  }

  /** A state store of the topology (they all hold bytes), to plant values a test needs. */
  KeyValueStore<String, byte[]> store(String name) {
    return driver.getKeyValueStore(name);
  }

  MetricSnapshots snapshots() {
    KeyValueStore<String, byte[]> series = driver.getKeyValueStore(SeriesAggregator.SERIES);
    KeyValueStore<String, byte[]> sketches = driver.getKeyValueStore(SeriesAggregator.SKETCHES);
    List<SeriesState> states = new ArrayList<>();
    try (var it = series.all()) {
      it.forEachRemaining(kv -> {
        SeriesState state = MetricsCollector.decoded(kv.value);
        if (state != null) {
          states.add(state);
        }
      });
    }
    return MetricsCollector.snapshots(Families.of(config.definitions()), states, sketches, config.gpuStaleness());
  }

  /** The exported samples, as Prometheus text format prints them. */
  Map<String, Double> samples() {
    return Samples.parse(text());
  }

  String text() {
    return write(new PrometheusTextFormatWriter(false));
  }

  String openMetrics() {
    return write(new OpenMetricsTextFormatWriter(false, true));
  }

  private String write(io.prometheus.metrics.expositionformats.ExpositionFormatWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, snapshots());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ExpositionCompat.apply(out.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    driver.close();
  }
}
