package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.rules.Rule;
import io.eventpipe.alerting.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped deploy/alerting files load, and every alert rule the users already have is in them. */
class DefaultConfigTest {
  private static final Path DIR = Path.of("..", "deploy", "alerting");

  @Test
  void defaultAlertmanagerConfigUsesConsoleAndFileWithoutCredentialsAndRealReceiversWithThem() throws Exception {
    String yaml = Files.readString(DIR.resolve("alertmanager.yml"));
    AlertmanagerConfig bare = AlertmanagerConfigLoader.parse(yaml, DIR, Map.<String, String>of()::get);
    assertThat(bare.receivers().get("demo").integrations()).extracting(i -> i.type()).containsExactly("console", "file");
    assertThat(bare.receivers().get("pager").integrations()).isEmpty();
    assertThat(bare.route().match(Map.of("alertname", "APIDown", "severity", "critical")))
        .extracting(r -> r.opts().receiver()).containsExactly("pager", "demo");
    assertThat(bare.route().match(Map.of("alertname", "QueueBacklog", "severity", "warning")))
        .extracting(r -> r.opts().receiver()).containsExactly("demo");
    AlertmanagerConfig full = AlertmanagerConfigLoader.parse(yaml, DIR, Map.of("SLACK_WEBHOOK_URL",
        "https://hooks.slack.test/x", "PAGERDUTY_ROUTING_KEY", "k", "ALERT_EMAIL_TO", "ops@example.org",
        "SMTP_SMARTHOST", "smtp.example.org:587")::get);
    assertThat(full.receivers().get("demo").integrations()).extracting(i -> i.type())
        .containsExactly("console", "file", "slack", "email");
    assertThat(full.receivers().get("pager").integrations()).extracting(i -> i.type()).containsExactly("pagerduty");
  }

  @Test
  void defaultRulesExpressEveryAlertOfTheNotes() {
    var names = RulesLoader.load(DIR.resolve("rules.yml")).stream().flatMap(g -> g.rules().stream())
        .map(Rule::alert).toList();
    var demo = RulesLoader.load(DIR.resolve("demo-rules.yml")).stream().flatMap(g -> g.rules().stream())
        .map(Rule::alert).toList();
    assertThat(demo).isEqualTo(names);
    assertThat(names).containsExactlyInAnyOrder("HighLatencyP95", "HighErrorRate", "APIDown", "ErrorBudgetBurn",
        "QueueBacklog", "NoActiveWorkers", "HighGenerationFailureRatio", "GPUMemoryHigh", "GPUTemperatureHigh",
        "HighCreditConsumption");
  }
}
