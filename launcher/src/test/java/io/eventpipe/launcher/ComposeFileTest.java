package io.eventpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * deploy/compose checked against our own facts, with no Docker engine: every pipeline service runs a real subcommand
 * with flags the CLI parses, the brokers form one quorum, Prometheus scrapes exactly the aggregator and router
 * services and alerts the routers, Grafana loads the dashboard file itself; and {@code docker compose config} accepts
 * the file where a compose client is installed.
 */
class ComposeFileTest {
  private static final Path DIR = Path.of("../deploy/compose");
  private static final String IMAGE = "eventpipe:0.1.0-SNAPSHOT";
  private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    // SnakeYAML, not Jackson: the file uses YAML merge keys (<<: *anchor), as compose does.
    Map<String, Object> compose = new Yaml().load(Files.readString(DIR.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void everyPipelineServiceRunsARealSubcommandWithFlagsTheCliAccepts() {
    Map<String, String> subcommands = new LinkedHashMap<>();
    services.forEach((name, service) -> {
      if (!String.valueOf(service.get("image")).startsWith("eventpipe:")) {
        return;
      }
      assertThat(service.get("image")).as(name).isEqualTo(IMAGE);
      Object command = parse(name);
      subcommands.put(name, new CommandLine(command).getCommandName());
      String bootstrap;
      if (command instanceof AggregatorCommand a) {
        assertThat(a.metricsHost).as("%s binds /metrics for Prometheus", name).isEqualTo("0.0.0.0");
        assertThat(a.standby.require()).isEqualTo(1);
        assertThat(onVolume(name, a.stateDir)).as("%s state dir %s on a volume", name, a.stateDir).isTrue();
        bootstrap = a.bootstrap;
      } else if (command instanceof AlertRouterCommand r) {
        assertThat(r.httpHost).as("%s binds its API for Prometheus", name).isEqualTo("0.0.0.0");
        assertThat(r.standby.require()).isEqualTo(1);
        assertThat(onVolume(name, r.stateDir)).as("%s state dir %s on a volume", name, r.stateDir).isTrue();
        assertThat(inImage(r.config)).as("%s --config in the image", name).isRegularFile();
        assertThat(inImage(r.rules)).as("%s --rules in the image", name).isRegularFile();
        bootstrap = r.bootstrap;
      } else if (command instanceof SimulateCommand s) {
        bootstrap = s.bootstrap;
      } else {
        throw new AssertionError(name + ": unexpected subcommand " + command.getClass().getSimpleName());
      }
      assertThat(BootstrapFlag.require(bootstrap)).as(name)
          .isEqualTo(String.join(",", BROKERS.stream().map(b -> b + ":9092").toList()));
    });
    assertThat(subcommands).containsExactlyInAnyOrderEntriesOf(Map.of("aggregator-1", "aggregator",
        "aggregator-2", "aggregator", "alert-router-1", "alert-router", "alert-router-2", "alert-router",
        "simulator", "simulate"));
  }

  @Test
  void theBrokersFormOneKraftQuorumWithReplicationThree() throws Exception {
    Matcher kafkaVersion = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
        .matcher(Files.readString(Path.of("../pom.xml")));
    assertThat(kafkaVersion.find()).isTrue();
    String voters = String.join(",", BROKERS.stream().map(b -> b.substring("kafka-".length()) + "@" + b + ":9093").toList());
    List<Object> clusterIds = new ArrayList<>();
    for (String broker : BROKERS) {
      Map<String, Object> service = services.get(broker);
      assertThat(service.get("image")).as("the clients' Kafka version").isEqualTo("apache/kafka:" + kafkaVersion.group(1));
      Map<String, Object> env = env(broker);
      assertThat(env.get("KAFKA_NODE_ID")).isEqualTo(Integer.parseInt(broker.substring("kafka-".length())));
      assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(voters);
      assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + broker + ":9092");
      assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3).containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3);
      assertThat(volumes(broker)).containsValue(String.valueOf(env.get("KAFKA_LOG_DIRS")));
      clusterIds.add(env.get("CLUSTER_ID"));
    }
    assertThat(clusterIds).doesNotContainNull().containsOnly(clusterIds.get(0));
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryAggregatorAndRouterAndSendsAlertsToTheRouters() throws Exception {
    Map<String, String> mounts = volumes("prometheus");
    assertThat(mounts).containsEntry("./prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml")
        .containsEntry("../prometheus/rules.yml", "/etc/prometheus/rules.yml");
    Map<String, Object> config = new Yaml().load(Files.readString(DIR.resolve("prometheus/prometheus.yml")));
    assertThat((List<String>) config.get("rule_files")).containsExactly("rules.yml");

    List<String> aggregators = new ArrayList<>();
    List<String> routers = new ArrayList<>();
    services.keySet().forEach(name -> {
      if (String.valueOf(services.get(name).get("image")).startsWith("eventpipe:")) {
        Object command = parse(name);
        if (command instanceof AggregatorCommand a) {
          aggregators.add(name + ":" + a.metricsPort);
        } else if (command instanceof AlertRouterCommand r) {
          routers.add(name + ":" + r.httpPort);
        }
      }
    });
    assertThat(aggregators).hasSize(2);
    assertThat(routers).hasSize(2);
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      jobs.put((String) job.get("job_name"), staticTargets(job));
    }
    assertThat(jobs).containsExactlyInAnyOrderEntriesOf(Map.of(
        "eventpipe-aggregator", aggregators, "eventpipe-alert-router", routers));
    List<Map<String, Object>> alertmanagers =
        (List<Map<String, Object>>) ((Map<String, Object>) config.get("alerting")).get("alertmanagers");
    assertThat(alertmanagers).singleElement().satisfies(am -> {
      assertThat(am.get("api_version")).isEqualTo("v2");
      assertThat(staticTargets(am)).isEqualTo(routers);
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaProvisionsPrometheusAndTheDashboardFileItself() throws Exception {
    Map<String, String> mounts = volumes("grafana");
    assertThat(mounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
    String dashboardTarget = mounts.get("../grafana/eventpipe-overview.json");
    assertThat(dashboardTarget).isNotNull();
    Map<String, Object> providers = new Yaml().load(
        Files.readString(DIR.resolve("grafana/provisioning/dashboards/eventpipe.yml")));
    String providerPath = (String) ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers"))
        .get(0).get("options")).get("path");
    assertThat(Path.of(dashboardTarget).getParent()).isEqualTo(Path.of(providerPath));
    Map<String, Object> datasources = new Yaml().load(
        Files.readString(DIR.resolve("grafana/provisioning/datasources/prometheus.yml")));
    assertThat(((List<Map<String, Object>>) datasources.get("datasources")).get(0))
        .containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090")
        .containsEntry("isDefault", true);
    assertThat(services).containsKey("prometheus");
  }

  @Test
  void everyMountedFileExists() {
    services.keySet().forEach(name -> volumes(name).keySet().stream().filter(source -> source.startsWith("."))
        .forEach(source -> assertThat(DIR.resolve(source)).as("%s mounts %s", name, source).exists()));
  }

  @Test
  void theComposePrometheusConfigPassesPromtool(@TempDir Path dir) throws Exception {
    Path promtool = ExternalTool.require("promtool");
    Files.copy(DIR.resolve("prometheus/prometheus.yml"), dir.resolve("prometheus.yml"));
    Files.copy(Path.of("../deploy/prometheus/rules.yml"), dir.resolve("rules.yml"));
    var check = ExternalTool.run(dir, promtool.toString(), "check", "config", "prometheus.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
  }

  @Test
  void dockerComposeConfigAcceptsTheFile() throws Exception {
    Optional<List<String>> client = composeClient();
    assumeTrue(client.isPresent(), "no docker compose client here; the structural tests above still ran");
    List<String> command = new ArrayList<>(client.get());
    command.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
    var result = ExternalTool.run(DIR, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** `docker compose` (the plugin) where it answers, else the standalone `docker-compose`. */
  private static Optional<List<String>> composeClient() {
    for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      try {
        List<String> version = new ArrayList<>(candidate);
        version.add("version");
        if (ExternalTool.run(Path.of("."), version.toArray(String[]::new)).exitCode() == 0) {
          return Optional.of(candidate);
        }
      } catch (java.io.IOException | InterruptedException | IllegalStateException e) {
        // not installed: try the next one
      }
    }
    return Optional.empty();
  }

  /** The subcommand object picocli fills from the service's command (it throws on any flag the CLI does not take). */
  @SuppressWarnings("unchecked")
  private static Object parse(String service) {
    List<String> args = (List<String>) services.get(service).get("command");
    return PipelineCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand().commandSpec().userObject();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String service) {
    return (Map<String, Object>) services.get(service).get("environment");
  }

  /** The service's volumes, source to container path (short syntax, mode dropped). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> volumes(String service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (String volume : (List<String>) services.get(service).getOrDefault("volumes", List.of())) {
      String[] parts = volume.split(":");
      mounts.put(parts[0], parts[1]);
    }
    return mounts;
  }

  private static boolean onVolume(String service, Path dir) {
    return dir != null && volumes(service).values().stream().anyMatch(target -> dir.startsWith(target));
  }

  /** A path inside the image: /app/deploy is the repository's deploy/ (the Jib extra directory). */
  private static Path inImage(Path path) {
    assertThat(path.startsWith("/app/deploy")).as("%s is under /app/deploy", path).isTrue();
    return Path.of("../deploy").resolve(Path.of("/app/deploy").relativize(path));
  }

  @SuppressWarnings("unchecked")
  private static List<String> staticTargets(Map<String, Object> config) {
    return ((List<Map<String, Object>>) config.get("static_configs")).stream()
        .flatMap(c -> ((List<String>) c.get("targets")).stream()).toList();
  }
}
