package io.eventpipe.producers.tail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventpipe.producers.EventJson;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The simplest analytics consumer: follows one event topic and turns every record into one JSON line, the
 * decoded event as the plain JSON the codec accepts, or for an undecodable record
 * {@code {"failure":"<reason>","detail":...,"topic":...,"partition":...,"offset":...,"key":...}}. Never stops
 * on a bad record. Uses no consumer group (assigns every partition), so it commits nothing.
 * {@link #run} blocks until {@link #close()} is called from another thread.
 */
public final class EventTail implements AutoCloseable {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String topic;
  private final boolean fromBeginning;
  private final EventCodec<?> codec;
  private final KafkaConsumer<String, byte[]> consumer;

  public EventTail(String bootstrapServers, String topic, boolean fromBeginning) {
    this(bootstrapServers, topic, fromBeginning, KafkaClientSettings.none());
  }

  /** A tail whose consumer also carries the process's Kafka client settings (TLS, SASL...). */
  public EventTail(String bootstrapServers, String topic, boolean fromBeginning, KafkaClientSettings kafka) {
    EventType<?> type = EventTypes.forTopic(topic);
    this.topic = topic;
    this.fromBeginning = fromBeginning;
    this.codec = EventCodec.of(type);
    this.consumer = new KafkaConsumer<>(kafka.applyTo(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.CLIENT_ID_CONFIG, "eventpipe-tail")), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Prints lines to {@code out} until {@link #close()}; fails fast when the topic does not exist. */
  public void run(Consumer<String> out) {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on the broker");
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      while (true) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          out.accept(line(record));
        }
      }
    } catch (WakeupException e) {
      // close() was called: the normal way to stop
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Stops {@link #run} (safe from any thread). */
  @Override
  public void close() {
    consumer.wakeup();
  }

  String line(ConsumerRecord<String, byte[]> record) {
    Decoded<?> decoded = codec.decode(record.value());
    if (decoded instanceof Decoded.Failure<?> failure) {
      ObjectNode line = NODES.objectNode();
      line.put("failure", failure.reason().headerValue());
      line.put("detail", failure.detail());
      line.put("topic", record.topic());
      line.put("partition", record.partition());
      line.put("offset", record.offset());
      line.put("key", record.key());
      return EventJson.write(line);
    }
    return EventJson.toJsonString((IndexedRecord) decoded.event());
  }
}
