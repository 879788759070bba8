package io.eventpipe.alerting.notify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named templates of alertmanager.yml's {@code templates:} files plus built-in defaults, and rendering of
 * template strings against notification data.
 */
public final class Templates {
  private final Map<String, TemplateEngine.Node> defined = new HashMap<>();

  public static Templates defaults() {
    Templates t = new Templates();
    t.define("built-in defaults", """
        {{ define "__subject" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join " " }}{{ end }}
        {{ define "__text_alert_list" }}{{ range . }}Labels:
        {{ range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}
        {{ end }}Annotations:
        {{ range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}
        {{ end }}Source: {{ .GeneratorURL }}
        {{ end }}{{ end }}
        {{ define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "slack.default.text" }}{{ range .Alerts }}{{ if .Annotations.summary }}{{ .Annotations.summary }}{{ else }}{{ .Labels.alertname }}{{ end }}
        {{ end }}{{ end }}
        {{ define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end }}
        {{ define "email.default.subject" }}{{ template "__subject" . }}{{ end }}
        {{ define "email.default.text" }}{{ template "__subject" . }}
        {{ if .Alerts.Firing }}Firing:
        {{ template "__text_alert_list" .Alerts.Firing }}{{ end }}{{ if .Alerts.Resolved }}Resolved:
        {{ template "__text_alert_list" .Alerts.Resolved }}{{ end }}{{ end }}
        {{ define "email.default.html" }}<html><body><h2>{{ template "__subject" . }}</h2>{{ range .Alerts }}<p><b>{{ .Status }}</b> {{ .Labels.alertname }}: {{ .Annotations.summary }}</p>{{ end }}</body></html>{{ end }}
        """);
    return t;
  }

  /** Parses a template file, registering its {@code define}d templates; errors name the source. */
  public void define(String source, String text) {
    try {
      TemplateEngine.parse(text, defined);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Checks that a template string parses, so config errors surface at load time. */
  public void check(String field, String text) {
    try {
      TemplateEngine.parse(text, new HashMap<>());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  public String render(String text, Object data) {
    return TemplateEngine.execute(TemplateEngine.parse(text, new HashMap<>()), data, Map.of("$", data), defined);
  }

  /** Renders with extra variables, e.g. {@code $labels} and {@code $value} for rule annotations. */
  public String render(String text, Object data, Map<String, Object> variables) {
    Map<String, Object> vars = new HashMap<>(variables);
    vars.put("$", data);
    return TemplateEngine.execute(TemplateEngine.parse(text, new HashMap<>()), data, vars, defined);
  }

  public List<String> names() {
    return defined.keySet().stream().sorted().toList();
  }
}
