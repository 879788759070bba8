package io.eventpipe.alerting.notify;

import java.util.Map;

/**
 * {@code email_configs}: every header (Subject, To, From and any other) and the HTML and text bodies are templates;
 * SMTP with STARTTLS when {@code require_tls}; AUTH CRAM-MD5 with {@code auth_secret}, else PLAIN (authorization id
 * {@code auth_identity}) or LOGIN with the password, as Alertmanager chooses.
 */
public record EmailConfig(String to, String from, String hello, String smarthost, String authUsername,
    String authPassword, String authIdentity, String authSecret, Map<String, String> headers, String html,
    String text, boolean requireTls, TlsConfig tls, boolean sendResolved) implements IntegrationConfig {
  @Override
  public String type() {
    return "email";
  }

  @Override
  public String toString() {
    return "EmailConfig[to=" + to + ", smarthost=" + smarthost + ", authPassword=<secret>]";
  }
}
