package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code proxy_url}, {@code no_proxy}, {@code proxy_from_environment} and {@code proxy_connect_header} against a real
 * local proxy (a socket that records each request head and answers it): what goes through the proxy, what goes
 * direct, and which headers the proxy sees.
 */
class ProxiesTest {
  private final List<List<String>> heads = new CopyOnWriteArrayList<>();
  private ServerSocket proxy;
  private Thread acceptor;

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!proxy.isClosed()) {
        try (Socket s = proxy.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
          List<String> head = new ArrayList<>();
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.add(line);
          }
          heads.add(head);
          // a plain request is answered as the target would; a CONNECT is refused, which ends the attempt
          String reply = head.get(0).startsWith("CONNECT") ? "HTTP/1.1 403 Forbidden" : "HTTP/1.1 200 OK";
          OutputStream out = s.getOutputStream();
          out.write((reply + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (Exception closed) {
          // the test ended
        }
      }
    });
    acceptor.start();
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
    acceptor.join(5000);
  }

  private String proxyUrl(String userInfo) {
    return "http://" + userInfo + "127.0.0.1:" + proxy.getLocalPort();
  }

  private static HttpClientConfig config(String proxyUrl, String noProxy, Boolean fromEnv,
      Map<String, List<String>> connectHeader) {
    return new HttpClientConfig(null, null, null, null, null, proxyUrl, null, null, null, noProxy, fromEnv,
        connectHeader);
  }

  @Test
  void aPlainRequestGoesThroughProxyUrlWithTheProxysCredentials() throws Exception {
    new HttpPost(Duration.ofSeconds(5), config(proxyUrl("alert%40router:s3cret@"), null, null, null))
        .postJson("http://hooks.example.invalid:8080/hook", Map.of("status", "firing"), "webhook");
    assertThat(heads).hasSize(1);
    assertThat(heads.get(0).get(0)).isEqualTo("POST http://hooks.example.invalid:8080/hook HTTP/1.1");
    assertThat(heads.get(0)).contains("Proxy-Authorization: Basic "
        + java.util.Base64.getEncoder().encodeToString("alert@router:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anHttpsRequestSendsProxyAuthorizationOnTheConnect() {
    HttpClientConfig http = config(proxyUrl(""), null, null, Map.of("Proxy-Authorization", List.of("Bearer t0ken")));
    assertThatThrownBy(() -> new HttpPost(Duration.ofSeconds(5), http).postJson("https://hooks.example.invalid/hook",
        Map.of(), "webhook")).isInstanceOf(DeliveryException.class);
    assertThat(heads).hasSize(1);
    assertThat(heads.get(0).get(0)).isEqualTo("CONNECT hooks.example.invalid:443 HTTP/1.1");
    assertThat(heads.get(0)).contains("Proxy-Authorization: Bearer t0ken");
  }

  @Test
  void noProxyHostsDomainsAndCidrsGoDirect() throws Exception {
    Proxies p = Proxies.of(config(proxyUrl(""), "hooks.internal, .corp.example,10.1.0.0/16,192.168.1.7:9093",
        null, null), Map.<String, String>of()::get);
    assertThat(direct(p, "http://hooks.internal/x")).isTrue();
    assertThat(direct(p, "http://a.hooks.internal/x")).isTrue();
    assertThat(direct(p, "http://corp.example/x")).isFalse(); // ".corp.example": subdomains only
    assertThat(direct(p, "http://pager.corp.example/x")).isTrue();
    assertThat(direct(p, "http://10.1.200.3/x")).isTrue();
    assertThat(direct(p, "http://10.2.0.1/x")).isFalse();
    assertThat(direct(p, "http://192.168.1.7:9093/x")).isTrue();
    assertThat(direct(p, "http://192.168.1.7:9094/x")).isFalse();
    assertThat(direct(p, "http://127.0.0.1:9000/x")).isTrue(); // with no_proxy, loopback goes direct (httpproxy)
    assertThat(direct(p, "https://hooks.slack.com/x")).isFalse();
    // and for real: a no_proxy host is not sent to the proxy
    assertThatThrownBy(() -> new HttpPost(Duration.ofSeconds(5), config(proxyUrl(""), "example.invalid", null, null))
        .postJson("http://hooks.example.invalid:8080/hook", Map.of(), "webhook")).isInstanceOf(DeliveryException.class);
    assertThat(heads).isEmpty();
  }

  @Test
  void proxyFromEnvironmentReadsHttpAndHttpsProxyAndNoProxy() {
    Map<String, String> env = Map.of("https_proxy", "proxy.corp:3128", "HTTP_PROXY", "http://plain.corp:8080",
        "NO_PROXY", "internal");
    Proxies p = Proxies.of(config(null, null, true, null), env::get);
    assertThat(p.select(URI.create("https://events.pagerduty.com/v2/enqueue")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128)));
    assertThat(p.select(URI.create("http://hooks.example.com/")))
        .containsExactly(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("plain.corp", 8080)));
    assertThat(direct(p, "https://a.internal/")).isTrue();
    assertThat(direct(p, "http://localhost:8080/")).isTrue();
    assertThat(Proxies.of(config(null, null, true, null), Map.<String, String>of()::get)).isNull();
  }

  private static boolean direct(Proxies p, String url) {
    return p.select(URI.create(url)).equals(List.of(Proxy.NO_PROXY));
  }
}
