package io.eventpipe.alerting.template;

import io.eventpipe.alerting.template.Node.ActionNode;
import io.eventpipe.alerting.template.Node.ChainNode;
import io.eventpipe.alerting.template.Node.Command;
import io.eventpipe.alerting.template.Node.ConstNode;
import io.eventpipe.alerting.template.Node.ControlNode;
import io.eventpipe.alerting.template.Node.DotNode;
import io.eventpipe.alerting.template.Node.FieldNode;
import io.eventpipe.alerting.template.Node.IdentNode;
import io.eventpipe.alerting.template.Node.ListNode;
import io.eventpipe.alerting.template.Node.LoopNode;
import io.eventpipe.alerting.template.Node.NilNode;
import io.eventpipe.alerting.template.Node.Pipe;
import io.eventpipe.alerting.template.Node.TemplateNode;
import io.eventpipe.alerting.template.Node.TextNode;
import io.eventpipe.alerting.template.Node.VariableNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Executes a parse tree as Go's text/template/exec does: variable scopes, pipelines passing the previous result as
 * the last argument, methods before map keys, lazy and/or, range with break/continue, nested templates.
 * In HTML mode every printed value is escaped unless it is {@link SafeHtml}.
 */
final class Evaluator {
  private static final Object NONE = new Object();
  private static final int MAX_DEPTH = 10_000;

  private enum Flow { NORMAL, BREAK, CONTINUE }

  private final Map<String, ListNode> templates;
  private final FunctionSet functions;
  private final boolean html;
  private final StringBuilder out = new StringBuilder();
  private List<String> names = new ArrayList<>();
  private List<Object> values = new ArrayList<>();
  private int depth;

  Evaluator(Map<String, ListNode> templates, FunctionSet functions, boolean html) {
    this.templates = templates;
    this.functions = functions;
    this.html = html;
  }

  String execute(ListNode root, Object dot, Map<String, Object> variables) {
    push("$", dot);
    variables.forEach(this::push);
    walk(dot, root);
    return out.toString();
  }

  private void push(String name, Object value) {
    names.add(name);
    values.add(value);
  }

  private void pop(int mark) {
    names.subList(mark, names.size()).clear();
    values.subList(mark, values.size()).clear();
  }

  private Object variable(String name) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(name)) {
        return values.get(i);
      }
    }
    throw new TemplateException("undefined variable: " + name);
  }

  private void assign(String name, Object value) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(name)) {
        values.set(i, value);
        return;
      }
    }
    throw new TemplateException("undefined variable: " + name);
  }

  private Flow walk(Object dot, Node node) {
    if (node instanceof ListNode list) {
      for (Node n : list.nodes()) {
        Flow f = walk(dot, n);
        if (f != Flow.NORMAL) {
          return f;
        }
      }
    } else if (node instanceof TextNode t) {
      out.append(html ? Escapes.stripComments(t.text()) : t.text());
    } else if (node instanceof ActionNode a) {
      Object v = pipeline(dot, a.pipe());
      if (a.pipe().vars().isEmpty()) {
        String printed = Values.print(v);
        out.append(html && !(v instanceof SafeHtml) ? Escapes.htmlText(printed) : printed);
      }
    } else if (node instanceof ControlNode c) {
      return control(dot, c);
    } else if (node instanceof TemplateNode t) {
      template(dot, t);
    } else if (node instanceof LoopNode l) {
      return l.isBreak() ? Flow.BREAK : Flow.CONTINUE;
    }
    return Flow.NORMAL;
  }

  private Flow control(Object dot, ControlNode c) {
    int mark = names.size();
    try {
      if (c.kind().equals("range")) {
        return range(dot, c);
      }
      Object v = pipeline(dot, c.pipe());
      if (Values.truth(v)) {
        return walk(c.kind().equals("with") ? v : dot, c.body());
      }
      return c.otherwise() == null ? Flow.NORMAL : walk(dot, c.otherwise());
    } finally {
      pop(mark);
    }
  }

  private Flow range(Object dot, ControlNode c) {
    Pipe p = c.pipe();
    Object v = commands(dot, p);
    List<Object[]> items = new ArrayList<>();
    if (v instanceof Collection<?> list) {
      long i = 0;
      for (Object o : list) {
        items.add(new Object[] {i++, o});
      }
    } else if (v instanceof Map<?, ?> map) {
      Values.sorted(map).forEach((k, e) -> items.add(new Object[] {k, e}));
    } else if (v instanceof Long n) {
      for (long i = 0; i < n; i++) {
        items.add(new Object[] {i, i});
      }
    } else if (v != null) {
      throw new TemplateException("range can't iterate over " + Values.print(v));
    }
    if (items.isEmpty()) {
      return c.otherwise() == null ? Flow.NORMAL : walk(dot, c.otherwise());
    }
    int mark = names.size();
    for (Object[] item : items) {
      if (p.vars().size() == 1) {
        declare(p, 0, item[1]);
      } else if (p.vars().size() == 2) {
        declare(p, 0, item[0]);
        declare(p, 1, item[1]);
      }
      Flow f = walk(item[1], c.body());
      pop(mark);
      if (f == Flow.BREAK) {
        break;
      }
    }
    return Flow.NORMAL;
  }

  private void declare(Pipe p, int i, Object value) {
    if (p.assign()) {
      assign(p.vars().get(i), value);
    } else {
      push(p.vars().get(i), value);
    }
  }

  private void template(Object dot, TemplateNode t) {
    ListNode body = templates.get(t.name());
    if (body == null) {
      throw new TemplateException("no such template \"" + t.name() + "\"");
    }
    Object newDot = t.pipe() == null ? null : pipeline(dot, t.pipe());
    if (++depth > MAX_DEPTH) {
      throw new TemplateException("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    List<String> savedNames = names;
    List<Object> savedValues = values;
    names = new ArrayList<>();
    values = new ArrayList<>();
    push("$", newDot);
    try {
      walk(newDot, body);
    } finally {
      names = savedNames;
      values = savedValues;
      depth--;
    }
  }

  private Object pipeline(Object dot, Pipe p) {
    Object v = commands(dot, p);
    for (int i = 0; i < p.vars().size(); i++) {
      declare(p, i, v);
    }
    return v;
  }

  private Object commands(Object dot, Pipe p) {
    Object v = NONE;
    for (Command c : p.commands()) {
      v = command(dot, c, v);
    }
    return v;
  }

  private Object command(Object dot, Command cmd, Object fin) {
    Node first = cmd.args().get(0);
    if (first instanceof FieldNode f) {
      return fieldChain(dot, dot, f.names(), cmd.args(), fin);
    }
    if (first instanceof ChainNode c) {
      if (c.fields().isEmpty()) {
        noArguments(cmd, fin, "pipeline");
        return pipeline(dot, (Pipe) c.node());
      }
      return fieldChain(dot, arg(dot, c.node()), c.fields(), cmd.args(), fin);
    }
    if (first instanceof IdentNode id) {
      return function(dot, id.name(), cmd.args(), fin);
    }
    if (first instanceof VariableNode v) {
      Object value = variable(v.name());
      if (v.fields().isEmpty()) {
        noArguments(cmd, fin, v.name());
        return value;
      }
      return fieldChain(dot, value, v.fields(), cmd.args(), fin);
    }
    if (first instanceof NilNode) {
      throw new TemplateException("nil is not a command");
    }
    noArguments(cmd, fin, "constant");
    return arg(dot, first);
  }

  private static void noArguments(Command cmd, Object fin, String what) {
    if (cmd.args().size() > 1 || fin != NONE) {
      throw new TemplateException("can't give argument to non-function " + what);
    }
  }

  private Object arg(Object dot, Node n) {
    if (n instanceof DotNode) {
      return dot;
    }
    if (n instanceof NilNode) {
      return null;
    }
    if (n instanceof ConstNode c) {
      return c.value();
    }
    if (n instanceof FieldNode f) {
      return fieldChain(dot, dot, f.names(), List.of(n), NONE);
    }
    if (n instanceof VariableNode v) {
      Object value = variable(v.name());
      return v.fields().isEmpty() ? value : fieldChain(dot, value, v.fields(), List.of(n), NONE);
    }
    if (n instanceof ChainNode c) {
      Object base = c.node() instanceof Pipe p ? pipeline(dot, p) : arg(dot, c.node());
      return c.fields().isEmpty() ? base : fieldChain(dot, base, c.fields(), List.of(n), NONE);
    }
    if (n instanceof Pipe p) {
      return pipeline(dot, p);
    }
    if (n instanceof IdentNode id) {
      return function(dot, id.name(), List.of(n), NONE);
    }
    throw new TemplateException("can't handle " + n + " as an argument");
  }

  private Object fieldChain(Object dot, Object receiver, List<String> fields, List<Node> args, Object fin) {
    Object r = receiver;
    for (int i = 0; i < fields.size() - 1; i++) {
      r = field(dot, r, fields.get(i), List.of(), NONE);
    }
    return field(dot, r, fields.get(fields.size() - 1), args.subList(1, args.size()), fin);
  }

  private Object field(Object dot, Object receiver, String name, List<Node> argNodes, Object fin) {
    if (receiver == null) {
      throw new TemplateException("nil pointer evaluating <nil>." + name);
    }
    boolean hasArgs = !argNodes.isEmpty() || fin != NONE;
    if (receiver instanceof Members m) {
      List<Object> args = new ArrayList<>();
      argNodes.forEach(a -> args.add(arg(dot, a)));
      if (fin != NONE) {
        args.add(fin);
      }
      if (hasArgs && !m.isMethod(name) && m.member(name, List.of()) != Members.ABSENT) {
        throw new TemplateException(name + " has arguments but cannot be invoked as function");
      }
      Object v;
      try {
        v = m.member(name, args);
      } catch (IndexOutOfBoundsException | ClassCastException e) {
        throw new TemplateException("wrong number or type of args for " + name);
      }
      if (v != Members.ABSENT) {
        return v;
      }
    }
    if (receiver instanceof Map<?, ?> map) {
      if (hasArgs) {
        throw new TemplateException(name + " is not a method but has arguments");
      }
      Object v = map.get(name);
      return v != null || map.containsKey(name) ? v : Builtins.zeroOf(map);
    }
    throw new TemplateException("can't evaluate field " + name + " in type " + Values.kind(receiver));
  }

  private Object function(Object dot, String name, List<Node> args, Object fin) {
    List<Node> argNodes = args.subList(1, args.size());
    if (name.equals("and") || name.equals("or")) {
      boolean and = name.equals("and");
      Object v = null;
      int n = argNodes.size() + (fin != NONE ? 1 : 0);
      if (n == 0) {
        throw new TemplateException("wrong number of args for " + name + ": want at least 1 got 0");
      }
      for (int i = 0; i < n; i++) {
        v = i < argNodes.size() ? arg(dot, argNodes.get(i)) : fin;
        if (Values.truth(v) != and) {
          return v;
        }
      }
      return v;
    }
    List<Object> values = new ArrayList<>();
    argNodes.forEach(a -> values.add(arg(dot, a)));
    if (fin != NONE) {
      values.add(fin);
    }
    GoFunction f = functions.get(name);
    if (f == null) {
      throw new TemplateException("function \"" + name + "\" not defined");
    }
    try {
      return f.call(name, values);
    } catch (TemplateException e) {
      throw e.getMessage().startsWith("wrong number") ? e : new TemplateException("error calling " + name + ": "
          + e.getMessage());
    }
  }
}
