package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./pipeline demo} as a user runs it, in its own JVM: everything starts, the simulator's events reach
 * /metrics, the alert-router answers, and SIGTERM (what Ctrl-C sends through the shell) stops it cleanly.
 */
class DemoProcessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The aggregator's own series on /metrics (everything else there is derived from events). */
  private static boolean isHealthSeries(String sample) {
    return sample.startsWith("eventpipe_") || sample.startsWith("process_") || sample.startsWith("jvm_")
        || sample.startsWith("system_");
  }

  private static int promtoolCheck(Path promtool, String exposition) throws Exception {
    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = check.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String findings = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = check.waitFor();
    if (exit != 0) {
      System.err.println("promtool findings:\n" + findings);
    }
    return exit;
  }

  @Test
  void theDemoRunsEndToEndAndStopsCleanlyOnSigterm() throws Exception {
    int kafka = freePort();
    int metrics = freePort();
    int alerts = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process demo = new ProcessBuilder(java.toString(), "-Xmx768m", "-Deventpipe.home=..",
        "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName(), "demo",
        "--port", Integer.toString(kafka), "--metrics-port", Integer.toString(metrics),
        "--alert-port", Integer.toString(alerts), "--gpu-port", "0", "--rate", "300")
        .redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(output::add);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      await().atMost(Duration.ofMinutes(3)).until(() -> output.contains("Ctrl-C to stop.") || !demo.isAlive());
      assertThat(demo.isAlive()).as(String.join("\n", output)).isTrue();
      assertThat(output).anySatisfy(l -> assertThat(l).contains("Kafka broker").contains("127.0.0.1:" + kafka));
      assertThat(output).anySatisfy(l -> assertThat(l).contains("http://127.0.0.1:" + metrics + "/metrics"));
      assertThat(output).anySatisfy(l -> assertThat(l).contains("alert-router").contains(":" + alerts));

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(get("http://127.0.0.1:" + metrics + "/metrics")).contains("http_requests_total{")
              .contains("celery_queue_length{"));
      assertThat(get("http://127.0.0.1:" + alerts + "/api/v2/status")).contains("\"cluster\"");

      // /metrics is for users: the pipeline's own health series stay under 10% of the derived ones, and the Kafka
      // client metrics are on /metrics/kafka. Both pass promtool.
      String url = "http://127.0.0.1:" + metrics + "/metrics";
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        List<String> samples = get(url).lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        long health = samples.stream().filter(DemoProcessTest::isHealthSeries).count();
        long derived = samples.size() - health;
        assertThat(health).as("health series vs %d derived", derived).isPositive().isLessThanOrEqualTo(derived / 10);
      });
      String kafkaMetrics = get(url + "/kafka");
      assertThat(kafkaMetrics).contains("kafka_stream_").contains("jvm_memory_used_bytes");
      assertThat(get(url)).doesNotContain("kafka_stream_");
      Path promtool = ExternalTool.require("promtool");
      assertThat(promtoolCheck(promtool, get(url))).as("promtool check metrics on /metrics").isEqualTo(0);
      assertThat(promtoolCheck(promtool, kafkaMetrics)).as("promtool check metrics on /metrics/kafka").isEqualTo(0);
    } finally {
      demo.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
      boolean exited = demo.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        demo.destroyForcibly();
      }
      reader.join(5_000);
      assertThat(exited).as("demo exits after SIGTERM\n" + String.join("\n", output)).isTrue();
    }
    assertThat(output).as("exit " + demo.exitValue()).contains("stopping...");
    assertThat(demo.exitValue()).as(String.join("\n", output)).isIn(0, 143);
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
