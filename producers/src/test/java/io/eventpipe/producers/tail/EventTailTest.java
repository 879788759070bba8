package io.eventpipe.producers.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipe.events.QueueSample;
import io.eventpipe.events.Source;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.CatalogTopics;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventTailTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void printsEventsAsJsonLinesAndBadRecordsAsFailuresWithoutStopping() throws Exception {
    try (KafkaCluster cluster = KafkaClusters.start();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
            new StringSerializer(), new ByteArraySerializer())) {
      CatalogTopics.create(cluster.bootstrapServers());
      EventCodec<QueueSample> codec = EventCodec.of(EventTypes.QUEUE);
      // All on one key, so one partition keeps them in order.
      producer.send(new ProducerRecord<>("samples.queues", "default", codec.encode(sample(1, 7)))).get();
      producer.send(new ProducerRecord<>("samples.queues", "default", new byte[] {0x07, 0x01, 0x02})).get();
      producer.send(new ProducerRecord<>("samples.queues", "default",
          "{\"event_id\":\"j1\",\"event_time\":5,\"source\":{\"service\":\"s\",\"instance\":\"i\"},\"queue_name\":\"default\",\"length\":-3,\"active_workers\":1}"
              .getBytes(StandardCharsets.UTF_8))).get();

      List<String> lines = new CopyOnWriteArrayList<>();
      EventTail tail = new EventTail(cluster.bootstrapServers(), "samples.queues", true);
      Thread thread = new Thread(() -> tail.run(lines::add));
      thread.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> lines.size() == 3);
      producer.send(new ProducerRecord<>("samples.queues", "default", codec.encode(sample(2, 9)))).get();
      await().atMost(Duration.ofSeconds(60)).until(() -> lines.size() == 4);
      tail.close();
      thread.join(30_000);
      assertThat(thread.isAlive()).isFalse();

      JsonNode first = JSON.readTree(lines.get(0));
      assertThat(first.get("queue_name").asText()).isEqualTo("default");
      assertThat(first.get("length").asLong()).isEqualTo(7);
      assertThat(first.get("source").get("service").asText()).isEqualTo("celery-exporter");
      // A printed event is valid input for the codec again.
      assertThat(codec.decode(lines.get(0).getBytes(StandardCharsets.UTF_8)).event()).isEqualTo(sample(1, 7));
      JsonNode garbage = JSON.readTree(lines.get(1));
      assertThat(garbage.get("failure").asText()).isEqualTo("unknown_format");
      assertThat(garbage.get("topic").asText()).isEqualTo("samples.queues");
      assertThat(garbage.get("offset").asLong()).isEqualTo(1);
      assertThat(garbage.get("key").asText()).isEqualTo("default");
      JsonNode invalid = JSON.readTree(lines.get(2));
      assertThat(invalid.get("failure").asText()).isEqualTo("invalid_value");
      assertThat(invalid.get("detail").asText()).contains("length: negative (-3)");
      assertThat(JSON.readTree(lines.get(3)).get("length").asLong()).isEqualTo(9);
    }
  }

  @Test
  void refusesTopicsWithoutAnEventType() {
    assertThatThrownBy(() -> new EventTail("127.0.0.1:1", "pipeline.dead-letter", true))
        .hasMessageContaining("no event type is stored on topic 'pipeline.dead-letter'");
  }

  private static QueueSample sample(int n, long length) {
    return QueueSample.newBuilder().setEventId("q-" + n).setEventTime(1_763_800_000_000L + n)
        .setSource(new Source("celery-exporter", "exporter-0")).setQueueName("default").setLength(length)
        .setActiveWorkers(4).build();
  }
}
