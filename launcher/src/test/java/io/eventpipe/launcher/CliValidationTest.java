package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every subcommand refuses bad flags with exit code 2 and one line naming the flag, before touching Kafka. */
class CliValidationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "simulate --bootstrap localhost                        | --bootstrap must be HOST:PORT[,HOST:PORT...], got 'localhost'",
      "simulate --bootstrap h:1 --count 5 --duration 10s     | give --count or --duration, not both",
      "simulate --bootstrap h:1 --start yesterday            | --start must be an ISO instant",
      "simulate --bootstrap h:1 --incident meteor-strike     | unknown kind 'meteor-strike'",
      "tail --bootstrap host events.requests                 | --bootstrap must be HOST:PORT",
      "aggregator --bootstrap h:1 --metrics-port 0           | --metrics-port must be 1..65535, got 0",
      "aggregator --bootstrap h:1 --cardinality-cap 0        | --cardinality-cap must be at least 1, got 0",
      "aggregator --bootstrap h:1 --standby-replicas -1      | --standby-replicas must be at least 0, got -1",
      "alert-router --bootstrap h:1 --config /nonexistent.yml | --config: cannot read /nonexistent.yml",
      "alert-router --bootstrap h:1 --standby-replicas -1    | --standby-replicas must be at least 0, got -1",
      "gpu-collector --interval 10s                          | --bootstrap HOST:PORT is required",
      "gpu-collector --bootstrap :9092                       | --bootstrap must be HOST:PORT",
      "demo --port 70000                                     | --port must be 0..65535 (0 picks a free port), got 70000",
      "demo --rate -5                                        | --rate must be >= 0 events/s, got -5.0",
  })
  void badFlagsAreRefusedByName(String args, String message) {
    var run = BrokerCommandTest.run(args.trim().split("\\s+"));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").contains(message.trim());
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
  }
}
