package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventpipe.events.MetricAggregate;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventSerdes;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pipeline replay} killed with SIGKILL in its own JVM while writing (its topic transaction open, held by a
 * remote-write receiver that does not answer), then run again with the same arguments: the topic holds exactly the
 * output of an uninterrupted run and the OpenMetrics file has the same bytes.
 */
class ReplayKillTest {
  @TempDir
  Path dir;

  @Test
  void aReplayKilledMidWriteThenRerunLeavesTheUninterruptedOutput() throws Exception {
    long start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).toEpochMilli();
    CountDownLatch held = new CountDownLatch(1);
    AtomicInteger writes = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/api/v1/write", exchange -> {
      exchange.getRequestBody().readAllBytes();
      if (writes.getAndIncrement() == 0) {
        exchange.sendResponseHeaders(204, -1); // the reachability check
        exchange.close();
        return;
      }
      held.countDown(); // the first batch: never answered, the replay waits here until it is killed
    });
    receiver.start();
    try (KafkaCluster kafka = KafkaClusters.start()) {
      Simulator.send(SimulationConfig.defaults(5).withStartMs(start).withRate(4).withDuration(Duration.ofHours(1))
          .withPace(false), kafka.bootstrapServers());
      List<String> range = List.of("replay", "--bootstrap", kafka.bootstrapServers(), "--from", Long.toString(start),
          "--to", Long.toString(start + 3_600_000));
      var reference = BrokerCommandTest.run(args(range, "--to-topic", "replay.reference", "--openmetrics-out",
          dir.resolve("reference.om").toString()));
      assertThat(reference.exitCode()).as(reference.err()).isEqualTo(0);

      Path file = dir.resolve("rerun.om");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName()));
      command.addAll(List.of(args(range, "--to-topic", "replay.rerun", "--openmetrics-out", file.toString(),
          "--remote-write", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/api/v1/write")));
      Process child = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("child.log").toFile()).start();
      try {
        assertThat(held.await(120, TimeUnit.SECONDS)).as("the replay reached its first remote-write batch: "
            + Files.readString(dir.resolve("child.log"))).isTrue();
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      assertThat(child.exitValue()).as("killed, not finished").isEqualTo(137);
      assertThat(file).doesNotExist();
      assertThat(logEnd(kafka.bootstrapServers(), "replay.rerun")).as("the killed run's windows reached the log")
          .isPositive();

      var rerun = BrokerCommandTest.run(args(range, "--to-topic", "replay.rerun", "--openmetrics-out", file.toString()));
      assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(0);
      List<MetricAggregate> expected = read(kafka.bootstrapServers(), "replay.reference");
      assertThat(expected).hasSizeGreaterThan(1000);
      assertThat(read(kafka.bootstrapServers(), "replay.rerun")).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(Files.mismatch(file, dir.resolve("reference.om"))).isEqualTo(-1);
    } finally {
      receiver.stop(0);
    }
  }

  private static String[] args(List<String> range, String... more) {
    List<String> out = new ArrayList<>(range);
    out.addAll(List.of(more));
    return out.toArray(String[]::new);
  }

  /** Records in a topic's log, committed or not. */
  private static long logEnd(String bootstrap, String topic) {
    return logEnds(bootstrap, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TopicPartition, Long> logEnds(String bootstrap, String topic) {
    try (KafkaConsumer<String, MetricAggregate> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return consumer.endOffsets(partitions);
    }
  }

  private static List<MetricAggregate> read(String bootstrap, String topic) {
    try (KafkaConsumer<String, MetricAggregate> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), EventSerdes.strict(EventTypes.AGGREGATE).deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // The log end, markers included: a commit returns before its markers are written, so the last stable offset
      // a read_committed consumer sees can lag just after it.
      Map<TopicPartition, Long> end = logEnds(bootstrap, topic);
      List<MetricAggregate> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as(topic + " read to its end " + end).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }
}
