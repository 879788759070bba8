package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./pipeline <command> --help} prints that command's usage and exits 0, even when the command has required flags. */
class SubcommandHelpTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "demo          | --help | --metrics-port",
      "broker        | --help | --data-dir",
      "simulate      | --help | --bootstrap=HOST:PORT",
      "tail          | --help | TOPIC",
      "aggregator    | --help | --bootstrap=HOST:PORT",
      "gpu-collector | --help | --nvml-library",
      "alert-router  | --help | --bootstrap=HOST:PORT",
      "alert-router  | -h     | --bearer-token-file",
  })
  void helpPrintsTheUsageAndExitsZero(String command, String flag, String mentions) {
    var run = BrokerCommandTest.run(command, flag);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("Usage: pipeline " + command + " ").contains(mentions).contains("-h, --help");
  }
}
