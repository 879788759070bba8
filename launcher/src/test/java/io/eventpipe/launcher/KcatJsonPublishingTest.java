package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.RequestEvent;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The README's promise: a non-JVM service publishes a plain JSON event with a kcat one-liner. */
class KcatJsonPublishingTest {

  @Test
  void aJsonEventPublishedWithKcatDecodesAsARequestEvent() throws Exception {
    Path kcat = ExternalTool.require("kcat");
    try (EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(0, null)) {
      String json = "{\"event_id\":\"0b7c3f6e-2f0a-4a57-9d55-0c1a3c1e9e01\",\"event_time\":1763800000123,"
          + "\"source\":{\"service\":\"checkout\",\"instance\":\"checkout-1\"},\"method\":\"POST\",\"route\":\"/orders\","
          + "\"status_code\":201,\"duration_seconds\":0.084}";
      Process process = new ProcessBuilder(kcat.toString(), "-P", "-b", broker.bootstrapServers(),
          "-t", Topics.REQUESTS.name(), "-k", "checkout/checkout-1").redirectErrorStream(true).start();
      process.getOutputStream().write((json + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();

      ConsumerRecord<String, byte[]> record = readOne(broker.bootstrapServers());
      assertThat(record.key()).isEqualTo("checkout/checkout-1");
      RequestEvent event = EventCodec.of(EventTypes.REQUEST).decode(record.value()).event();
      assertThat(event.getSource().getService()).isEqualTo("checkout");
      assertThat(event.getRoute()).isEqualTo("/orders");
      assertThat(event.getStatusCode()).isEqualTo(201);
      assertThat(event.getDurationSeconds()).isEqualTo(0.084);
      assertThat(event.getEventTime()).isEqualTo(1763800000123L);
    }
  }

  private static ConsumerRecord<String, byte[]> readOne(String bootstrap) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "kcat-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.REQUESTS.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record;
        }
      }
    }
    throw new AssertionError("the kcat record never arrived");
  }
}
