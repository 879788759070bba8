package io.eventpipe.aggregator.replay;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports how far the reading has come: records read of the total, records per second and an ETA. On a terminal a
 * bar redrawn in place (at most 4 times a second); otherwise one line every 10 seconds.
 */
final class Progress {
  private final PrintWriter out;
  private final boolean tty;
  private final LongSupplier nanos;
  private long total;
  private long started;
  private long lastPrint;

  Progress(PrintWriter out, boolean tty, LongSupplier nanos) {
    this.out = out;
    this.tty = tty;
    this.nanos = nanos;
  }

  static Progress console(PrintWriter out) {
    return new Progress(out, System.console() != null, System::nanoTime);
  }

  void start(long records) {
    total = records;
    started = nanos.getAsLong();
    lastPrint = started;
    out.println("replay: reading " + records + " records");
    out.flush();
  }

  void update(long read) {
    long now = nanos.getAsLong();
    if (now - lastPrint >= (tty ? 250_000_000L : 10_000_000_000L)) {
      lastPrint = now;
      String line = line(read, now);
      if (tty) {
        out.print("\r" + line);
      } else {
        out.println(line);
      }
      out.flush();
    }
  }

  void done(long read) {
    if (tty) {
      out.print("\r");
    }
    out.println(line(read, nanos.getAsLong()));
    out.flush();
  }

  String line(long read, long now) {
    double seconds = Math.max((now - started) / 1e9, 1e-9);
    double rate = read / seconds;
    double share = total == 0 ? 1 : (double) read / total;
    int filled = (int) Math.round(share * 30);
    String bar = tty ? "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " : "";
    String eta = rate <= 0 ? "?" : String.format(Locale.ROOT, "%.0f s", (total - read) / rate);
    return String.format(Locale.ROOT, "replay: %s%d/%d records (%.1f%%), %.0f records/s, ETA %s", bar, read, total,
        share * 100, rate, eta);
  }
}
