package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.template.FunctionSet;
import io.eventpipe.alerting.template.TemplateException;
import io.eventpipe.alerting.template.TemplateSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named templates of alertmanager.yml's {@code templates:} files on top of Alertmanager 0.25's own
 * default.tmpl and email.tmpl, and rendering of template strings (text, or HTML escaped as html/template does for
 * email bodies). {@link #forRules()} is the Prometheus dialect for rule annotations ({@code $labels},
 * {@code $value}, {@code humanize*}).
 */
public final class Templates {
  // msteams.tmpl: the msteams_configs defaults of 0.26 (0.25 has no msteams), after 0.25's own files.
  private static final List<String> DEFAULT_FILES = List.of("/alertmanager/default.tmpl", "/alertmanager/email.tmpl",
      "/alertmanager/msteams.tmpl");
  private static final Map<String, Object> RULE_VARIABLES = Map.of("$labels", Map.of(), "$value", 0.0,
      "$externalLabels", Map.of(), "$externalURL", "");

  private final TemplateSet set;
  private final boolean rules;

  private Templates(FunctionSet functions, boolean rules) {
    this.set = new TemplateSet(functions);
    this.rules = rules;
  }

  /** Alertmanager's function set and default templates (default.tmpl, email.tmpl of 0.25). */
  public static Templates alertmanager() {
    Templates t = new Templates(FunctionSet.ALERTMANAGER, false);
    for (String file : DEFAULT_FILES) {
      try (InputStream in = Templates.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + file);
        }
        t.define("built-in " + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return t;
  }

  /** Prometheus' rule-template dialect, for rule annotations and labels. */
  public static Templates forRules() {
    return new Templates(FunctionSet.PROMETHEUS, true);
  }

  /** The dialect rule annotations use (kept for the rules package; same as {@link #forRules()}). */
  public static Templates defaults() {
    return forRules();
  }

  /** Parses a template file, registering its {@code define}d templates; errors name the source. */
  public void define(String source, String text) {
    try {
      set.define(text);
    } catch (TemplateException e) {
      throw new IllegalArgumentException(source + ": template: " + e.getMessage(), e);
    }
  }

  /** Parses a template string (every function it names must exist), so config errors surface at load time. */
  public void check(String field, String text) {
    try {
      set.check(text);
    } catch (TemplateException e) {
      throw new IllegalArgumentException(field + ": template: " + e.getMessage(), e);
    }
  }

  public String render(String text, Object data) {
    return render(text, data, Map.of());
  }

  /** Renders with extra variables, e.g. {@code $labels} and {@code $value} for rule annotations. */
  public String render(String text, Object data, Map<String, Object> variables) {
    Map<String, Object> vars = variables;
    if (rules) {
      vars = new HashMap<>(RULE_VARIABLES);
      vars.putAll(variables);
    }
    return set.render(text, data, vars, false);
  }

  /** Renders as html/template would for an HTML email body: printed values are HTML-escaped. */
  public String renderHtml(String text, Object data) {
    return set.render(text, data, Map.of(), true);
  }

  public boolean isDefined(String name) {
    return set.isDefined(name);
  }

  public List<String> names() {
    return set.names();
  }
}
