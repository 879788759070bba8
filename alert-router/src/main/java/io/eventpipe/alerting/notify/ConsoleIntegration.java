package io.eventpipe.alerting.notify;

import java.io.PrintStream;
import java.util.stream.Collectors;

/** Prints one line per notification: status, receiver, group and each alert's name and summary (for the demo). */
final class ConsoleIntegration implements Integration {
  private final PrintStream out;

  ConsoleIntegration(PrintStream out) {
    this.out = out;
  }

  @Override
  public void send(Notification n) {
    String alerts = n.alerts().stream()
        .map(a -> a.status() + " " + a.labels().getOrDefault("alertname", "") + a.labels()
            + (a.annotations().containsKey("summary") ? " - " + a.annotations().get("summary") : ""))
        .collect(Collectors.joining("; "));
    out.println("[alert-router] " + n.status().toUpperCase() + " receiver=" + n.receiver() + " group="
        + n.groupKey() + " alerts=" + n.alerts().size() + ": " + alerts);
  }
}
