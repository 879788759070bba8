package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BrokerCommandTest {

  @Test
  void anOutOfRangePortIsRefusedByName() {
    var run = run("broker", "--port", "70000");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("--port must be 1..65535, got 70000");
  }

  @Test
  void aTakenPortGivesOneClearLineNotAStackTrace() {
    try (EmbeddedKafkaBroker other = EmbeddedKafkaBroker.start()) {
      var run = run("broker", "--port", Integer.toString(other.port()));
      assertThat(run.exitCode).isEqualTo(2);
      assertThat(run.err).isEqualTo("error: port " + other.port()
          + " on 127.0.0.1 is already in use (another Kafka broker?); choose another with --port\n");
    }
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = PipelineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
