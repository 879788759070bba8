package io.eventpipe.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.eventpipe.kafka.testing.KafkaCluster;
import io.eventpipe.kafka.testing.KafkaClusters;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Alertmanager 0.25 (the Debian package) and the router, each started on the same alertmanager.yml whose
 * {@code %1$s} is the URL of its own {@link RecordingServer}, with the same external URL, fed the same alerts: what
 * the two recorders receive is what the parity tests compare.
 */
final class SideBySide implements AutoCloseable {
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper SORTED = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  final RecordingServer fromAm = new RecordingServer();
  final RecordingServer fromRouter = new RecordingServer();
  private final KafkaCluster kafka;
  private Process am;
  private AlertRouterApp.Running router;
  private ApiClient amApi;
  private ApiClient routerApi;

  private SideBySide() throws Exception {
    kafka = KafkaClusters.start();
  }

  /** Skips the calling test where Alertmanager is not installed (`./pipeline test` installs it). */
  static void assumeAlertmanager() {
    Assumptions.assumeTrue(Files.isExecutable(ALERTMANAGER), "prometheus-alertmanager not installed at "
        + ALERTMANAGER + " (apt-get install -y --no-install-recommends prometheus-alertmanager); skipping parity test");
  }

  /**
   * Starts both on {@code config}, files under {@code dir} named by {@code name}; {@code answers} sets canned replies
   * on each recorder first. Returns once Alertmanager is ready.
   */
  static SideBySide start(Path dir, String name, String config, Consumer<RecordingServer> answers) throws Exception {
    SideBySide both = new SideBySide();
    try {
      answers.accept(both.fromAm);
      answers.accept(both.fromRouter);
      int amPort;
      try (ServerSocket s = new ServerSocket(0)) {
        amPort = s.getLocalPort();
      }
      String externalUrl = "http://127.0.0.1:" + amPort;
      Path amConfig = Files.writeString(dir.resolve("am-" + name + ".yml"), config.formatted(both.fromAm.url("")));
      Path routerConfig = Files.writeString(dir.resolve("router-" + name + ".yml"),
          config.formatted(both.fromRouter.url("")));
      both.am = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + amConfig,
          "--storage.path=" + dir.resolve("am-data-" + name), "--web.listen-address=127.0.0.1:" + amPort,
          "--web.external-url=" + externalUrl, "--cluster.listen-address=").redirectErrorStream(true)
          .redirectOutput(dir.resolve("am-" + name + ".log").toFile()).start();
      both.router = AlertRouterApp.start(AlertRouterConfig.of(both.kafka.bootstrapServers(), routerConfig, null)
          .withHttpPort(0).withApplicationId("alert-router-parity-" + name).withStateDir(dir.resolve("state-" + name))
          .withTick(Duration.ofMillis(100)).withExternalUrl(externalUrl));
      both.amApi = new ApiClient(externalUrl, null);
      both.routerApi = new ApiClient(both.router.apiUrl(), null);
      ApiClient amApi = both.amApi;
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> amApi.send("GET", "/-/ready", null).statusCode() == 200);
      return both;
    } catch (Exception | AssertionError e) {
      both.close();
      throw e;
    }
  }

  static SideBySide start(Path dir, String name, String config) throws Exception {
    return start(dir, name, config, r -> { });
  }

  /** POSTs {@code alerts} (an /api/v2/alerts JSON array) to both; each must accept it. */
  void post(String alerts) throws Exception {
    assertThat(amApi.send("POST", "/api/v2/alerts", alerts).statusCode()).as("Alertmanager").isEqualTo(200);
    assertThat(routerApi.send("POST", "/api/v2/alerts", alerts).statusCode()).as("router").isEqualTo(200);
  }

  /** JSON with object keys sorted, so bodies compare field by field whatever order each encoder chose. */
  static String canonicalJson(JsonNode body) {
    try {
      return body == null ? "null" : SORTED.writeValueAsString(SORTED.convertValue(body, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (router != null) {
        router.close();
      }
    } finally {
      if (am != null) {
        am.destroy();
        am.waitFor();
      }
      fromAm.close();
      fromRouter.close();
      kafka.close();
    }
  }
}
