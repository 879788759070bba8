package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import io.eventpipe.producers.simulator.SimulationConfig;
import io.eventpipe.producers.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./pipeline replay} refuses bad arguments with exit code 2 and one line: flags, retention, an unreachable URL. */
class ReplayCommandTest {
  private static final String RANGE = "--from 2026-11-30T00:00:00Z --to 2026-11-30T01:00:00Z";
  private static KafkaCluster kafka;

  @BeforeAll
  static void broker() throws InterruptedException {
    kafka = KafkaClusters.start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--from 2026-11-30T01:00:00Z --to 2026-11-30T00:00:00Z --openmetrics-out /tmp/x.om | --from must be before --to",
      "--from 2026-11-30T00:00:00Z --to 2026-11-30T00:00:00Z --openmetrics-out /tmp/x.om | --from must be before --to",
      "--from yesterday --to 2026-11-30T00:00:00Z --openmetrics-out /tmp/x.om | --from must be RFC 3339 (2026-11-30T00:00:00Z) or epoch milliseconds, got 'yesterday'",
      "--from 1764460830000 --to 1764464400000 --openmetrics-out /tmp/x.om | --from and --to must fall on --step boundaries",
      RANGE + " --step 90s --openmetrics-out /tmp/x.om | --step must be a whole number of minutes",
      RANGE + " --families http_requests_totl --openmetrics-out /tmp/x.om | --families: 'http_requests_totl' is not a family",
      RANGE + " | no output: give --openmetrics-out FILE",
      RANGE + " --remote-write ftp://h/x | --remote-write must be an http(s) URL",
  })
  void badFlagsAreRefusedByName(String args, String message) {
    assertRefused(("replay --bootstrap " + kafka.bootstrapServers() + " " + args).trim().split("\\s+"), message);
  }

  @Test
  void aRangeOlderThanRetentionNamesTheOldestAvailableTime() {
    String from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(40)).toString();
    String to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(39)).toString();
    assertRefused(new String[] {"replay", "--bootstrap", kafka.bootstrapServers(), "--from", from, "--to", to,
        "--openmetrics-out", "/tmp/replay-refused.om"}, "is older than events.requests keeps (retention.ms=3024000000): "
        + "the oldest available time is ");
  }

  @Test
  void anUnreachableRemoteWriteUrlIsNamed() {
    String from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).toString();
    String to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)).toString();
    assertRefused(new String[] {"replay", "--bootstrap", kafka.bootstrapServers(), "--from", from, "--to", to,
        "--remote-write", "http://127.0.0.1:1/api/v1/write"},
        "cannot reach the remote-write URL http://127.0.0.1:1/api/v1/write: connection refused");
  }

  @Test
  void aReplayWritesOpenMetricsAndPrintsItsSummary() throws Exception {
    long start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).toEpochMilli();
    Simulator.send(SimulationConfig.defaults(3).withStartMs(start).withRate(5).withDuration(Duration.ofMinutes(10))
        .withPace(false), kafka.bootstrapServers());
    Path file = Files.createTempDirectory("replay-cli").resolve("out.om");
    var run = BrokerCommandTest.run("replay", "--bootstrap", kafka.bootstrapServers(), "--from", Long.toString(start),
        "--to", Instant.ofEpochMilli(start + 600_000).toString(), "--step", "5m", "--families",
        "http_requests_total,daily_active_users", "--openmetrics-out", file.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("replay: reading ", "replay: wrote ", "replay: done: ");
    String text = Files.readString(file);
    assertThat(text).startsWith("# TYPE active_users gauge\n").endsWith("# EOF\n")
        .contains("\n# TYPE http_requests counter\n# HELP http_requests HTTP requests served")
        .contains(" " + (start + 300_000) / 1000 + ".000\n", " " + (start + 600_000) / 1000 + ".000\n")
        .contains("\ndaily_active_users{plan=").doesNotContain("image_generation");
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    var run = BrokerCommandTest.run("replay", "--help");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).startsWith("Usage: pipeline replay ").contains("--remote-write=URL", "--prometheus-blocks=DIR",
        "--openmetrics-out=FILE", "--to-topic=TOPIC", "--families=NAME[,NAME...]");
  }

  private static void assertRefused(String[] args, String message) {
    var run = BrokerCommandTest.run(args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").contains(message.trim());
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
  }
}
