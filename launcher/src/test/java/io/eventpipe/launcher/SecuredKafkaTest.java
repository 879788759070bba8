package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventpipe.kafka.embedded.EmbeddedKafkaBroker;
import io.eventpipe.kafka.embedded.SaslSslListener;
import io.eventpipe.kafka.embedded.SelfSignedTls;
import io.eventpipe.producers.truth.GroundTruth;
import io.eventpipe.schemas.topics.TopicCreator;
import io.eventpipe.schemas.topics.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Kafka-facing subcommand against a broker whose client listener is SASL_SSL (SCRAM-SHA-512, a CA made up
 * in the test), configured only through {@code --kafka-config} with the password in its own file; and a wrong
 * password answered with one line, not a stack trace.
 */
class SecuredKafkaTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern REQUEST_SAMPLE = Pattern.compile("(?m)^http_requests_total\\{.*} ([0-9.eE+]+)$");
  private static final String ALERTMANAGER_YML = "../deploy/alerting/alertmanager.yml";
  private static final Pattern INPUT_RECORDS =
      Pattern.compile("(?m)^eventpipe_aggregator_input_records_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
  @TempDir static Path dir;
  static SaslSslListener listener;
  static EmbeddedKafkaBroker broker;
  static String secure;
  static Path config;
  static Path wrongConfig;

  @BeforeAll
  static void securedBroker() throws Exception {
    listener = new SaslSslListener(SelfSignedTls.generate(dir), Map.of("eventpipe", "right-password"));
    broker = EmbeddedKafkaBroker.start(0, null, listener);
    secure = broker.secureBootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicCreator(admin).createMissing(Topics.ALL);
    }
    config = clientConfig("client.properties", "right-password");
    wrongConfig = clientConfig("wrong.properties", "wrong-password");
  }

  /** The client properties with sasl.jaas.config read from a file of its own, as a mounted secret would be. */
  private static Path clientConfig(String name, String password) throws Exception {
    Map<String, String> props = listener.clientProperties("eventpipe", password);
    Path jaas = Files.writeString(dir.resolve(name + ".jaas"), props.get("sasl.jaas.config"));
    String lines = props.entrySet().stream().filter(e -> !e.getKey().equals("sasl.jaas.config"))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    return Files.writeString(dir.resolve(name), lines + "\nsasl.jaas.config.file=" + jaas + "\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void simulateTailAndAggregatorWorkOverSaslSsl() throws Exception {
    Path truthFile = dir.resolve("truth.json");
    var simulate = BrokerCommandTest.run("simulate", "--bootstrap", secure, "--kafka-config", config.toString(),
        "--count", "400", "--no-pace", "--seed", "7", "--truth", truthFile.toString());
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    GroundTruth truth = GroundTruth.read(truthFile);
    assertThat(truth.totalRecords()).isEqualTo(400);
    long requests = truth.recordsSent().get(Topics.REQUESTS.name());

    try (ChildCli tail = ChildCli.start("tail", "--bootstrap", secure, "--kafka-config", config.toString(),
        "--from-beginning", Topics.REQUESTS.name())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> tail.out().size() >= requests);
      assertThat(tail.out()).hasSize((int) requests).allSatisfy(line -> assertThat(line).startsWith("{\"event_id\""));
    }

    int port = freePort();
    try (ChildCli aggregator = ChildCli.start("aggregator", "--bootstrap", secure, "--kafka-config", config.toString(),
        "--metrics-port", Integer.toString(port), "--state-dir", dir.resolve("aggregator").toString())) {
      aggregator.awaitOut("metrics at", Duration.ofSeconds(60));
      // Every record read (consumer), counted through the repartition topic (EOS producer) and exported exactly.
      // (Label values hold braces, "/users/{id}": the sample pattern must not stop at the first '}'.)
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> !aggregator.isAlive() || inputRecords(get("http://127.0.0.1:" + port + "/metrics")) == 400);
      assertThat(aggregator.isAlive()).as(aggregator.transcript()).isTrue();
      double sent = truth.counters().entrySet().stream().filter(e -> e.getKey().startsWith("http_requests_total{"))
          .mapToDouble(Map.Entry::getValue).sum();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(requestsCounted(get("http://127.0.0.1:" + port + "/metrics"))).isEqualTo(sent));
      assertThat(get("http://127.0.0.1:" + port + "/health/ready")).isNotBlank();
    }
  }

  @Test
  void alertRouterAndGpuCollectorRunOverSaslSsl() throws Exception {
    int port = freePort();
    try (ChildCli router = ChildCli.start("alert-router", "--bootstrap", secure, "--kafka-config", config.toString(),
        "--config", ALERTMANAGER_YML, "--no-rules", "--http-port", Integer.toString(port),
        "--state-dir", dir.resolve("router").toString())) {
      router.awaitOut("Alertmanager API at", Duration.ofSeconds(90));
      String alert = "[{\"labels\":{\"alertname\":\"SecuredKafka\",\"severity\":\"info\"}}]";
      var posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alert)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      // The API writes the alert to Kafka; it is listed once the topology has read it back.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> get("http://127.0.0.1:" + port + "/api/v2/alerts").contains("\"SecuredKafka\""));
    }
    try (ChildCli gpu = ChildCli.start("gpu-collector", "--bootstrap", secure, "--kafka-config", config.toString(),
        "--allow-missing", "--http-port", "-1", "--host", "node-a")) {
      gpu.awaitOut("GPU collector sampling every", Duration.ofSeconds(60));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"simulate --count 1", "tail events.requests", "aggregator", "alert-router --no-rules --config " + ALERTMANAGER_YML,
      "gpu-collector --allow-missing"})
  void aWrongPasswordIsOneLineNamingTheLogin(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(1, List.of("--bootstrap", secure, "--kafka-config", wrongConfig.toString()));
    var run = BrokerCommandTest.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: Kafka at " + secure + " refused the login: Authentication failed during "
        + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 "
        + "(check sasl.* in --kafka-config / EVENTPIPE_KAFKA_*)\n");
  }

  @Test
  void aWrongPasswordPrintsNothingElseOnTheTerminal() throws Exception {
    try (ChildCli run = ChildCli.start("simulate", "--bootstrap", secure, "--kafka-config", wrongConfig.toString(),
        "--count", "1")) {
      assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.transcript()).isEqualTo(2);
      assertThat(run.err()).as(run.transcript()).containsExactly("error: Kafka at " + secure + " refused the login: "
          + "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 "
          + "(check sasl.* in --kafka-config / EVENTPIPE_KAFKA_*)");
      assertThat(run.out()).isEmpty();
    }
  }

  private static double inputRecords(String metrics) {
    Matcher m = INPUT_RECORDS.matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static double requestsCounted(String metrics) {
    double sum = 0;
    Matcher m = REQUEST_SAMPLE.matcher(metrics);
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
