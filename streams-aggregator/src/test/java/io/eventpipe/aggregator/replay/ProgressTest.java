package io.eventpipe.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines: records read of the total, rate and ETA; a line every 10 s off a terminal, a bar on one. */
class ProgressTest {
  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter text = new StringWriter();

  private String printed() {
    return text.toString();
  }

  @Test
  void offATerminalOneLineEveryTenSeconds() {
    Progress progress = new Progress(new PrintWriter(text, true), false, nanos::get);
    progress.start(1000);
    nanos.set(5_000_000_000L);
    progress.update(100);
    assertThat(printed()).isEqualTo("replay: reading 1000 records\n");
    nanos.set(10_000_000_000L);
    progress.update(250);
    progress.done(1000);
    assertThat(printed()).isEqualTo("replay: reading 1000 records\n"
        + "replay: 250/1000 records (25.0%), 25 records/s, ETA 30 s\n"
        + "replay: 1000/1000 records (100.0%), 100 records/s, ETA 0 s\n");
  }

  @Test
  void onATerminalABarRedrawnInPlace() {
    Progress progress = new Progress(new PrintWriter(text, true), true, nanos::get);
    progress.start(100);
    nanos.set(1_000_000_000L);
    progress.update(50);
    assertThat(printed()).endsWith("\rreplay: [###############               ] 50/100 records (50.0%), 50 records/s, ETA 1 s");
  }
}
