package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.aggregator.AggregatorApp;
import io.eventpipe.aggregator.AggregatorConfig;
import io.eventpipe.aggregator.definitions.MetricDefinitions;
import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom events published as JSON with kcat become the families of deploy/metrics/examples/custom-events.yml on
 * /metrics with exact values; bad custom events are dead-lettered with their reasons.
 */
class CustomEventsKcatTest {
  private static final Path EXAMPLE = Path.of("..", "deploy", "metrics", "examples", "custom-events.yml");

  @Test
  void customJsonEventsBecomeExactSeriesAndBadOnesAreDeadLettered(@TempDir Path dir) throws Exception {
    Path kcat = ExternalTool.require("kcat");
    long t = System.currentTimeMillis() - 60_000;
    List<String> lines = new ArrayList<>();
    lines.add(event(t, "cache_lookup", "{\"cache_type\":\"redis\",\"result\":\"hit\"}", "{}"));
    lines.add(event(t + 1, "cache_lookup", "{\"cache_type\":\"redis\",\"result\":\"hit\"}", "{}"));
    lines.add(event(t + 2, "cache_lookup", "{\"cache_type\":\"redis\",\"result\":\"miss\"}", "{}"));
    lines.add(event(t + 3, "cache_lookup", "{\"cache_type\":\"local\",\"result\":\"hit\"}", "{}"));
    lines.add(event(t + 4, "cache_lookup", "{\"cache_type\":\"redis\",\"result\":\"hit\"}", "{}"));
    lines.add(event(t + 5, "db_query", "{\"operation\":\"select\",\"table\":\"users\"}", "{\"duration_seconds\":0.003}"));
    lines.add(event(t + 6, "db_query", "{\"operation\":\"select\",\"table\":\"users\"}", "{\"duration_seconds\":0.02}"));
    lines.add(event(t + 7, "db_query", "{\"operation\":\"select\",\"table\":\"users\"}", "{\"duration_seconds\":0.2}"));
    lines.add(event(t + 8, "db_query", "{\"operation\":\"insert\",\"table\":\"images\"}", "{\"duration_seconds\":1.5}"));
    // The newest sample by event time wins, whatever the order of arrival.
    lines.add(event(t + 20, "inflight", "{\"endpoint\":\"/v1/generations\"}", "{\"in_progress\":7}"));
    lines.add(event(t + 10, "inflight", "{\"endpoint\":\"/v1/generations\"}", "{\"in_progress\":5}"));
    lines.add(event(t + 11, null, "{\"cache_type\":\"redis\",\"result\":\"hit\"}", "{}"));
    lines.add(event(t + 12, "db_query", "{\"operation\":\"select\",\"table\":\"users\"}", "{\"duration_seconds\":\"fast\"}"));

    try (EmbeddedKafkaBroker broker = BrokerCommand.startBrokerWithTopics(0, null);
        AggregatorApp aggregator = AggregatorApp.start(AggregatorConfig.defaults(broker.bootstrapServers())
            .withMetricsPort(0).withStateDir(dir.resolve("state")).withDefinitions(MetricDefinitions.load(EXAMPLE)))) {
      Process process = new ProcessBuilder(kcat.toString(), "-P", "-b", broker.bootstrapServers(),
          "-t", Topics.CUSTOM.name(), "-k", "api/api-1").redirectErrorStream(true).start();
      process.getOutputStream().write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();

      Map<String, Double> expected = new TreeMap<>();
      expected.put("cache_hits_total{cache_type=\"redis\"}", 3.0);
      expected.put("cache_hits_total{cache_type=\"local\"}", 1.0);
      expected.put("cache_misses_total{cache_type=\"redis\"}", 1.0);
      expected.put("db_queries_total{operation=\"select\",table=\"users\"}", 3.0);
      expected.put("db_queries_total{operation=\"insert\",table=\"images\"}", 1.0);
      String select = "db_query_duration_seconds_bucket{le=\"%s\",operation=\"select\",table=\"users\"}";
      expected.put(select.formatted("0.005"), 1.0);
      expected.put(select.formatted("0.01"), 1.0);
      expected.put(select.formatted("0.025"), 2.0);
      expected.put(select.formatted("0.1"), 2.0);
      expected.put(select.formatted("0.25"), 3.0);
      expected.put(select.formatted("+Inf"), 3.0);
      String insert = "db_query_duration_seconds_bucket{le=\"%s\",operation=\"insert\",table=\"images\"}";
      expected.put(insert.formatted("1.0"), 0.0);
      expected.put(insert.formatted("2.0"), 1.0);
      expected.put("db_query_duration_seconds_count{operation=\"select\",table=\"users\"}", 3.0);
      expected.put("db_query_duration_seconds_sum{operation=\"select\",table=\"users\"}", 0.003 + 0.02 + 0.2);
      expected.put("http_requests_in_progress{endpoint=\"/v1/generations\"}", 7.0);
      expected.put("eventpipe_dead_letters_total{reason=\"missing_field\",topic=\"events.custom\"}", 1.0);
      expected.put("eventpipe_dead_letters_total{reason=\"invalid_field\",topic=\"events.custom\"}", 1.0);

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(ExposedSamples.scrape(aggregator.metricsUrl())).containsAllEntriesOf(expected));
      assertThat(ExposedSamples.scrape(aggregator.metricsUrl()).keySet())
          .as("families of the default file are not derived when a file without them is given")
          .noneMatch(k -> k.startsWith("http_requests_total"));

      Map<String, String> reasons = deadLetterReasons(broker.bootstrapServers(), 2);
      assertThat(reasons).containsOnlyKeys("missing_field", "invalid_field");
      assertThat(reasons.get("missing_field")).contains("name");
      assertThat(reasons.get("invalid_field")).contains("measurements.duration_seconds");
    }
  }

  private static String event(long time, String name, String attributes, String measurements) {
    return "{\"event_id\":\"c-" + time + "\",\"event_time\":" + time + ",\"source\":{\"service\":\"api\",\"instance\":"
        + "\"api-1\"}," + (name == null ? "" : "\"name\":\"" + name + "\",") + "\"attributes\":" + attributes
        + ",\"measurements\":" + measurements + "}";
  }

  /** Reason header to detail header of the first {@code n} dead letters. */
  private static Map<String, String> deadLetterReasons(String bootstrap, int n) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, String> out = new TreeMap<>();
    try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.DEAD_LETTER.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          out.put(header(record, DeadLetter.REASON), header(record, DeadLetter.DETAIL));
        }
      }
    }
    return out;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
