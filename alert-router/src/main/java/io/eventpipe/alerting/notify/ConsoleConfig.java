package io.eventpipe.alerting.notify;

/** {@code console_configs} (our extension, for the demo): one line per notification on standard output. */
public record ConsoleConfig(boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "console";
  }
}
