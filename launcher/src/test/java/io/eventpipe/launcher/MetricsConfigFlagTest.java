package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-config FILE [--check]}: a valid file passes the check, a bad one is refused naming line and field. */
class MetricsConfigFlagTest {

  @Test
  void checkValidatesTheShippedFileAndExits() {
    var run = BrokerCommandTest.run("aggregator", "--metrics-config", "../deploy/metrics/metrics.yml", "--check");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("../deploy/metrics/metrics.yml: 32 families, valid\n");
    var example = BrokerCommandTest.run("aggregator", "--metrics-config", "../deploy/metrics/examples/custom-events.yml",
        "--check");
    assertThat(example.out()).endsWith(": 5 families, valid\n");
  }

  @Test
  void aBadFileIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("metrics.yml"), """
        families:
          - name: myapp_http_requests_total
            type: counter
            from: request
            labels: {route: rout}
        """);
    for (String[] args : new String[][] {
        {"aggregator", "--metrics-config", bad.toString(), "--check"},
        {"aggregator", "--bootstrap", "127.0.0.1:1", "--metrics-config", bad.toString()},
        {"demo", "--metrics-config", bad.toString()}}) {
      var run = BrokerCommandTest.run(args);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: " + bad + ":5: families[0].labels.route: unknown field path 'rout'");
    }
    var missing = BrokerCommandTest.run("aggregator", "--metrics-config", dir.resolve("none.yml").toString(), "--check");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("none.yml:0: file: cannot be read");
    var noBootstrap = BrokerCommandTest.run("aggregator");
    assertThat(noBootstrap.err()).contains("--bootstrap must be HOST:PORT");
  }
}
