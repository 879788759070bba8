package io.eventpipe.alerting.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Sends a multipart/alternative mail (text and/or HTML, from the templates) with every configured header over SMTP with Jakarta Mail, using
 * STARTTLS when {@code require_tls} and AUTH when a username is set. SMTP failures are retryable.
 */
final class EmailIntegration implements Integration {
  private final EmailConfig config;
  private final Templates templates;
  private final String externalUrl;
  private final Session session;

  EmailIntegration(EmailConfig config, Templates templates, String externalUrl, Duration timeout) {
    this.config = config;
    this.templates = templates;
    this.externalUrl = externalUrl;
    String[] hostPort = config.smarthost().split(":");
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("email_configs.smarthost: expected host:port, got " + config.smarthost());
    }
    Properties props = new Properties();
    props.put("mail.smtp.host", hostPort[0]);
    props.put("mail.smtp.port", hostPort[1]);
    props.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
    props.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
    props.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
    props.put("mail.smtp.starttls.enable", Boolean.toString(config.requireTls()));
    props.put("mail.smtp.starttls.required", Boolean.toString(config.requireTls()));
    boolean auth = !config.authUsername().isEmpty();
    props.put("mail.smtp.auth", Boolean.toString(auth));
    props.put("mail.smtp.localhost", config.hello());
    if (config.tls() != null && config.tls().skipVerify()) {
      props.put("mail.smtp.ssl.trust", "*");
      props.put("mail.smtp.ssl.checkserveridentity", "false");
    }
    if (config.tls() != null && !config.tls().skipVerify()) {
      // CA and client certificate for STARTTLS (Jakarta Mail takes the SSL socket factory for the upgrade too).
      props.put("mail.smtp.ssl.socketFactory", TlsContexts.context(config.tls()).getSocketFactory());
      // with server_name, the context's trust manager checks the certificate against it, not the smarthost
      boolean ownName = config.tls().serverName() != null && !config.tls().serverName().isEmpty();
      props.put("mail.smtp.ssl.checkserveridentity", Boolean.toString(!ownName));
    }
    // Alertmanager's email.auth(): CRAM-MD5 with auth_secret, else PLAIN (with auth_identity) or LOGIN with the
    // password. Angus Mail has no CRAM-MD5 of its own; the JDK's SASL client has, so it goes through SASL.
    boolean cram = auth && config.authSecret() != null && !config.authSecret().isEmpty()
        && (config.authPassword() == null || config.authPassword().isEmpty());
    if (cram) {
      props.put("mail.smtp.sasl.enable", "true");
      props.put("mail.smtp.sasl.mechanisms", "CRAM-MD5");
      props.put("mail.smtp.auth.mechanisms", "CRAM-MD5");
    } else if (auth && !config.authIdentity().isEmpty()) {
      props.put("mail.smtp.sasl.authorizationid", config.authIdentity());
    }
    String secret = cram ? config.authSecret() : config.authPassword();
    Authenticator authenticator = !auth ? null : new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(config.authUsername(), secret);
      }
    };
    this.session = Session.getInstance(props, authenticator);
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    var data = Payloads.templateData(n, externalUrl);
    try {
      MimeMessage message = new MimeMessage(session);
      for (Map.Entry<String, String> h : config.headers().entrySet()) {
        String value = templates.render(h.getValue(), data);
        switch (h.getKey()) {
          case "From" -> message.setFrom(new InternetAddress(value));
          case "To" -> message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(value));
          case "Subject" -> message.setSubject(value, "UTF-8");
          default -> message.setHeader(h.getKey(), MimeUtility.encodeText(value, "UTF-8", null));
        }
      }
      String text = config.text().isEmpty() ? "" : templates.render(config.text(), data);
      String html = config.html().isEmpty() ? "" : templates.renderHtml(config.html(), data);
      MimeMultipart alternative = new MimeMultipart("alternative");
      if (!text.isEmpty()) {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, "UTF-8");
        alternative.addBodyPart(part);
      }
      if (!html.isEmpty()) {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(part);
      }
      message.setContent(alternative);
      Transport.send(message, InternetAddress.parse(config.to()));
    } catch (MessagingException | java.io.UnsupportedEncodingException e) {
      throw new DeliveryException("email: " + e.getMessage(), true, null, e);
    }
  }
}
