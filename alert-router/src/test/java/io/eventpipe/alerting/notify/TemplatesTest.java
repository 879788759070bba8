package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private final Templates templates = Templates.alertmanager();
  private final Notification firing = new Notification("id", "0:{}", "{}:{alertname=\"A\"}", "r", 0, "slack", "firing",
      Map.of("alertname", "A"), Map.of("alertname", "A", "service", "api"), Map.of("summary", "slow"),
      List.of(new NotifiedAlert("firing", Map.of("alertname", "A", "service", "api"), Map.of("summary", "slow"), 0, 0,
          "http://g", "fp1"), new NotifiedAlert("resolved", Map.of("alertname", "A", "service", "web"),
          Map.of(), 0, 5, "", "fp2")), 10);

  private String render(String text) {
    return templates.render(text, Payloads.templateData(firing, "http://am"));
  }

  @Test
  void fieldsPipesRangeIfAndFunctions() {
    assertThat(render("{{ .Status | toUpper }} {{ .CommonLabels.service }}")).isEqualTo("FIRING api");
    assertThat(render("{{ range .Alerts }}{{ .Labels.service }},{{ end }}")).isEqualTo("api,web,");
    assertThat(render("{{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}")).isEqualTo("1/1");
    assertThat(render("{{ if eq .Status \"firing\" }}F{{ else }}R{{ end }}")).isEqualTo("F");
    assertThat(render("{{ .GroupLabels.SortedPairs.Values | join \" \" }}")).isEqualTo("A");
    assertThat(render("{{- \" x \" -}}  {{ .Receiver }}")).isEqualTo(" x r");
    assertThat(render("{{ .CommonAnnotations.missing }}")).isEqualTo(""); // missingkey=zero, as Alertmanager
  }

  @Test
  void defaultSubjectMatchesAlertmanagersShape() {
    assertThat(render("{{ template \"__subject\" . }}")).isEqualTo("[FIRING:1] A (api)");
  }

  @Test
  void ruleAnnotationVariables() {
    assertThat(Templates.forRules().render("{{ $labels.service }} at {{ printf \"%.2f\" $value }} ({{ $value }})", Map.of(),
        Map.of("$labels", Map.of("service", "api"), "$value", 0.123456))).isEqualTo("api at 0.12 (0.123456)");
  }

  @Test
  void unsupportedConstructsAreRefusedAtLoad() {
    assertThatThrownBy(() -> templates.check("receivers[0].slack_configs[0].text",
        "{{ range .Alerts }}{{ if .X | humanize }}{{ end }}{{ end }}"))
        .hasMessage("receivers[0].slack_configs[0].text: template: 1: function \"humanize\" not defined");
    assertThatThrownBy(() -> templates.check("t", "{{ $undeclared }}")).hasMessageContaining("undefined variable");
    assertThatThrownBy(() -> templates.check("t", "{{ break }}")).hasMessageContaining("{{break}} outside {{range}}");
    assertThatThrownBy(() -> templates.check("t", "{{ if .X }}open")).hasMessageContaining("unexpected EOF");
  }

  @Test
  void prometheusHumanizeFamilyInRuleAnnotations() {
    Templates rules = Templates.forRules();
    assertThat(rules.render("{{ $value | humanize }} {{ humanize 0.0012 }} {{ humanize1024 1048576.0 }} "
        + "{{ humanizePercentage 0.12345 }} {{ humanizeDuration 3725.5 }} {{ humanizeDuration 0.25 }} "
        + "{{ humanizeTimestamp 1709287200.0 }}", Map.of(), Map.of("$value", 1234567.0)))
        .isEqualTo("1.235M 1.2m 1Mi 12.35% 1h 2m 5s 250ms 2024-03-01 10:00:00 +0000 UTC");
  }

  @Test
  void backoffGrowsExponentiallyWithJitterAndHonoursRetryAfter() {
    DeliveryPolicy p = new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int i = 0; i < 50; i++) {
      assertThat(p.backoff(1, null).toMillis()).isBetween(80L, 120L);
      assertThat(p.backoff(3, null).toMillis()).isBetween(320L, 480L);
      assertThat(p.backoff(10, null).toMillis()).isBetween(800L, 1200L);
    }
    assertThat(p.backoff(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.backoff(1, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
  }
}
