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
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Sends a multipart/alternative mail (text and HTML, from the templates) over SMTP with Jakarta Mail, using
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
    Authenticator authenticator = !auth ? null : new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(config.authUsername(), config.authPassword());
      }
    };
    this.session = Session.getInstance(props, authenticator);
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    var data = Payloads.templateData(n, externalUrl);
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(config.from()));
      message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(config.to()));
      message.setSubject(templates.render(config.subject(), data).strip(), "UTF-8");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(templates.render(config.text(), data), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setContent(templates.render(config.html(), data), "text/html; charset=UTF-8");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      message.setContent(alternative);
      Transport.send(message);
    } catch (MessagingException e) {
      throw new DeliveryException("email: " + e.getMessage(), true, null, e);
    }
  }
}
