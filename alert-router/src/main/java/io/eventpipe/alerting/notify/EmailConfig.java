package io.eventpipe.alerting.notify;

/** {@code email_configs}: multipart HTML + text mail over SMTP with optional STARTTLS and AUTH. */
public record EmailConfig(String to, String from, String smarthost, String authUsername, String authPassword,
    boolean requireTls, String subject, String html, String text, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "email";
  }

  @Override
  public String toString() {
    return "EmailConfig[to=" + to + ", smarthost=" + smarthost + ", authPassword=<secret>]";
  }
}
