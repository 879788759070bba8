package io.eventpipe.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.Amtool;
import io.eventpipe.alerting.notify.EmailConfig;
import io.eventpipe.alerting.notify.PagerDutyConfig;
import io.eventpipe.alerting.notify.SlackConfig;
import io.eventpipe.alerting.notify.WebhookConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Four complete alertmanager.yml files of the shapes our users run: each is valid for the real {@code amtool
 * check-config} (0.25) and loads unchanged, with the fields Alertmanager would use.
 */
class UserConfigsTest {
  private static final Path DIR = Path.of("src/test/resources/user-configs");

  private static AlertmanagerConfig load(String file) {
    return AlertmanagerConfigLoader.parse(readString(DIR.resolve(file)), DIR, Map.<String, String>of()::get);
  }

  private static String readString(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"slack-team.yml", "pagerduty-v1.yml", "email-smtp.yml", "time-intervals.yml"})
  void amtoolAcceptsItAndSoDoWe(String file) throws Exception {
    Assumptions.assumeTrue(Amtool.installed(), "amtool not installed; skipping the amtool half");
    Amtool.Result r = Amtool.checkConfig(DIR.resolve(file).toAbsolutePath());
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(load(file).receivers()).isNotEmpty();
  }

  @Test
  void slackWithEmojiTemplatedColourFieldsAndActions() {
    AlertmanagerConfig c = load("slack-team.yml");
    SlackConfig s = (SlackConfig) c.receivers().get("slack-default").integrations().get(0);
    assertThat(s.apiUrl()).isEqualTo("https://hooks.slack.com/services/T000/B000/XXXXXXXX");
    assertThat(s.iconEmoji()).isEqualTo(":fire:");
    assertThat(s.color()).startsWith("{{ if eq .Status \"firing\" }}{{ if eq .CommonLabels.severity");
    assertThat(s.fields()).extracting(SlackConfig.Field::title).containsExactly("Service", "Severity");
    assertThat(s.fields().get(1).isShort()).isFalse();
    assertThat(s.shortFields()).isTrue();
    assertThat(s.actions()).extracting(SlackConfig.Action::style).containsExactly(null, "danger");
    assertThat(s.sendResolved()).isTrue();
    SlackConfig critical = (SlackConfig) c.receivers().get("slack-critical").integrations().get(0);
    assertThat(critical.linkNames()).isTrue();
    assertThat(critical.mrkdwnIn()).containsExactly("text", "pretext");
    assertThat(critical.iconEmoji()).isEqualTo("{{ template \"slack.default.iconemoji\" . }}");
    assertThat(c.templates().isDefined("slack.custom.text")).isTrue();
    assertThat(c.inhibitRules()).hasSize(1);
  }

  @Test
  void pagerDutyEventsV1ServiceKeyAndWebhookWithBasicAuth() {
    AlertmanagerConfig c = load("pagerduty-v1.yml");
    PagerDutyConfig pd = (PagerDutyConfig) c.receivers().get("pagerduty").integrations().get(0);
    assertThat(pd.v1()).isTrue();
    assertThat(pd.serviceKey()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(pd.url()).isEqualTo(PagerDutyConfig.V1_URL);
    assertThat(pd.details()).containsEntry("firing", "{{ .Alerts.Firing | len }} firing")
        .containsEntry("num_resolved", "{{ .Alerts.Resolved | len }}").containsKeys("service", "resolved");
    WebhookConfig hook = (WebhookConfig) c.receivers().get("billing-hook").integrations().get(0);
    assertThat(hook.http().basicAuth().username()).isEqualTo("alertmanager");
    assertThat(hook.http().tlsConfig().skipVerify()).isTrue();
    assertThat(hook.maxAlerts()).isEqualTo(10);
    assertThat(c.resolveTimeout()).hasMinutes(1);
  }

  @Test
  void emailWithGlobalSmtpAndHeaders() {
    AlertmanagerConfig c = load("email-smtp.yml");
    EmailConfig e = (EmailConfig) c.receivers().get("ops-email").integrations().get(0);
    assertThat(e.smarthost()).isEqualTo("smtp.example.org:587");
    assertThat(e.from()).isEqualTo("alertmanager@example.org");
    assertThat(e.authPassword()).isEqualTo("app-password");
    assertThat(e.hello()).isEqualTo("alertmanager.example.org");
    assertThat(e.headers()).containsOnlyKeys("Subject", "Reply-To", "X-Alert-Team", "To", "From");
    assertThat(e.headers().get("To")).isEqualTo("ops@example.org, sre@example.org");
    PagerDutyConfig pd = (PagerDutyConfig) c.receivers().get("ops-pager").integrations().get(0);
    assertThat(pd.v1()).isFalse();
    assertThat(pd.routingKey()).isEqualTo("pd-routing-key-0123456789abcdef");
    assertThat(pd.eventClass()).isEqualTo("{{ .CommonLabels.alertname }}");
    assertThat(pd.links()).extracting(PagerDutyConfig.Link::text).containsExactly("Alertmanager");
  }

  @Test
  void timeIntervalsWithAlertmanagersSemanticsAndTimeZones() {
    AlertmanagerConfig c = load("time-intervals.yml");
    RouteTimeIntervals t = c.timeIntervals();
    String warningRoute = c.route().routes().get(0).id();
    String infoRoute = c.route().routes().get(1).id();
    // Office hours are 09:00-17:30 in Berlin: 08:30 UTC on a Monday in winter is 09:30 CET.
    assertThat(t.muted(warningRoute, Instant.parse("2024-01-08T08:30:00Z"))).isFalse();
    assertThat(t.muted(warningRoute, Instant.parse("2024-01-08T07:30:00Z"))).isTrue();
    // In summer (CEST, UTC+2) 16:00 UTC is 18:00 in Berlin: after hours.
    assertThat(t.muted(warningRoute, Instant.parse("2024-07-08T16:00:00Z"))).isTrue();
    assertThat(t.muted(warningRoute, Instant.parse("2024-07-08T15:00:00Z"))).isFalse();
    // Saturday is muted for info; so is 03:00 UTC on the last day of March 2024 (days_of_month -1).
    assertThat(t.muted(infoRoute, Instant.parse("2024-01-13T12:00:00Z"))).isTrue();
    assertThat(t.muted(infoRoute, Instant.parse("2024-01-15T12:00:00Z"))).isFalse();
    assertThat(t.muted(infoRoute, Instant.parse("2024-03-31T03:00:00Z"))).isTrue();
    assertThat(t.muted(infoRoute, Instant.parse("2024-04-30T03:00:00Z"))).isFalse();
    assertThat(t.muted(c.route().id(), Instant.parse("2024-01-13T12:00:00Z"))).isFalse();
    WebhookConfig hook = (WebhookConfig) c.receivers().get("default").integrations().get(0);
    assertThat(hook.http().authorization().credentials()).isEqualTo("token-123");
  }
}
