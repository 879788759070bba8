package io.eventpipe.alerting.template;

import io.eventpipe.alerting.template.Node.ListNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named Go templates sharing one namespace (as Alertmanager's template files do) and rendering of template text
 * against them. Each distinct text is parsed once; every function it names is checked when it is parsed.
 */
public final class TemplateSet {
  private final FunctionSet functions;
  private final Map<String, ListNode> defined = new ConcurrentHashMap<>();
  private final Map<String, Parser.Result> parsed = new ConcurrentHashMap<>();

  public TemplateSet(FunctionSet functions) {
    this.functions = functions;
  }

  /** Parses a template file, adding (or redefining) its {@code define}d templates. */
  public void define(String text) {
    Parser.Result r = Parser.parse(text, functions.names(), functions.predeclared());
    r.defined().forEach((name, body) -> {
      if (!(defined.containsKey(name) && Parser.isEmpty(body))) {
        defined.put(name, body);
      }
    });
  }

  /** Parses {@code text}, throwing a {@link TemplateException} naming what is wrong. */
  public void check(String text) {
    parse(text);
  }

  private Parser.Result parse(String text) {
    Parser.Result r = parsed.get(text);
    if (r == null) {
      r = Parser.parse(text, functions.names(), functions.predeclared());
      parsed.put(text, r);
    }
    return r;
  }

  public boolean isDefined(String name) {
    return defined.containsKey(name);
  }

  public List<String> names() {
    return defined.keySet().stream().sorted().toList();
  }

  /** Executes {@code text} with dot = {@code data}; {@code html} escapes printed values as html/template does. */
  public String render(String text, Object data, Map<String, Object> variables, boolean html) {
    Parser.Result r = parse(text);
    Map<String, ListNode> templates = defined;
    if (!r.defined().isEmpty()) {
      templates = new HashMap<>(defined);
      templates.putAll(r.defined());
    }
    return new Evaluator(templates, functions, html).execute(r.root(), data, variables);
  }
}
