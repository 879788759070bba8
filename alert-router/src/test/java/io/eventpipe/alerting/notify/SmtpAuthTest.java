package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP authentication as Alertmanager's {@code email.auth()} chooses it: CRAM-MD5 with {@code auth_secret}, PLAIN
 * with {@code auth_identity} as the authorization identity. GreenMail (the SMTP server of the other tests) offers
 * only PLAIN and LOGIN, so this test runs a small ESMTP server on a real socket that offers CRAM-MD5 and PLAIN and
 * checks the client's answer to the challenge (RFC 2195: the user and the hex HMAC-MD5 of the challenge).
 */
class SmtpAuthTest {
  private static final String CHALLENGE = "<1896.697170952@smtp.example.org>";
  private final List<String> log = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private Thread thread;

  @BeforeEach
  void start() throws Exception {
    server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          converse(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)),
              new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII));
        } catch (Exception closed) {
          // the test ended
        }
      }
    });
    thread.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    thread.join(5000);
  }

  private void converse(BufferedReader in, PrintWriter out) throws Exception {
    out.print("220 smtp.example.org ESMTP\r\n");
    out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String verb = line.split(" ")[0].toUpperCase();
      switch (verb) {
        case "EHLO" -> reply(out, "250-smtp.example.org\r\n250 AUTH CRAM-MD5 PLAIN");
        case "AUTH" -> {
          if (line.startsWith("AUTH CRAM-MD5")) {
            reply(out, "334 " + b64(CHALLENGE));
            String[] answer = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8).split(" ");
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec("cr4m-s3cret".getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String expected = HexFormat.of().formatHex(mac.doFinal(CHALLENGE.getBytes(StandardCharsets.US_ASCII)));
            boolean ok = answer.length == 2 && answer[0].equals("alerts") && answer[1].equals(expected);
            log.add("CRAM-MD5 " + answer[0] + (ok ? " ok" : " bad digest"));
            reply(out, ok ? "235 ok" : "535 bad");
          } else {
            String initial = line.split(" ").length > 2 ? line.split(" ")[2] : null;
            if (initial == null) {
              reply(out, "334 ");
              initial = in.readLine();
            }
            log.add("PLAIN " + new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8)
                .replace('\0', '|'));
            reply(out, "235 ok");
          }
        }
        case "MAIL", "RCPT" -> reply(out, "250 ok");
        case "DATA" -> {
          reply(out, "354 go on");
          for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
            // the message itself is checked by AlertRouterIntegrationTest against GreenMail
          }
          log.add("DATA");
          reply(out, "250 queued");
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        default -> reply(out, "250 ok");
      }
    }
  }

  private static void reply(PrintWriter out, String text) {
    out.print(text + "\r\n");
    out.flush();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private EmailIntegration email(String password, String identity, String secret) {
    EmailConfig config = new EmailConfig("ops@example.org", "router@example.org", "localhost",
        "127.0.0.1:" + server.getLocalPort(), "alerts", password, identity, secret,
        Map.of("Subject", "{{ .Status }}", "From", "router@example.org", "To", "ops@example.org"), "", "{{ .Status }}",
        false, null, false);
    return new EmailIntegration(config, Templates.alertmanager(), "http://am", Duration.ofSeconds(10));
  }

  private static Notification firing() {
    return new Notification("id", "g", "{}:{}", "r", 0, "email", "firing", Map.of(), Map.of(), Map.of(), List.of(), 0);
  }

  @Test
  void authSecretAuthenticatesWithCramMd5() throws Exception {
    email(null, "", "cr4m-s3cret").send(firing());
    assertThat(log).containsExactly("CRAM-MD5 alerts ok", "DATA");
  }

  @Test
  void aWrongSecretIsRefusedByTheServer() {
    assertThatThrownBy(() -> email(null, "", "wrong").send(firing())).isInstanceOf(DeliveryException.class);
    assertThat(log).containsExactly("CRAM-MD5 alerts bad digest");
  }

  @Test
  void aPasswordAuthenticatesWithPlainAndTheIdentityAsAuthorizationId() throws Exception {
    email("p4ss", "ops-team", null).send(firing());
    assertThat(log).containsExactly("PLAIN ops-team|alerts|p4ss", "DATA");
  }
}
