package io.eventpipe.alerting.notify;

/** {@code file_configs} (our extension, for the demo): appends each webhook payload as one JSON line to a file. */
public record FileConfig(String path, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "file";
  }
}
