package io.eventpipe.alerting.notify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Go's text/template that alert templates use: fields ({@code .A.B}, {@code $labels.x},
 * {@code $value}), pipes, {@code if/else}, {@code range}, {@code define}, {@code template}, and the functions
 * eq, ne, gt, lt, len, toUpper, toLower, title, join, printf, humanize. Hand-written because no maintained Java
 * library implements Go templates; anything else is refused at parse time with the construct named.
 */
final class TemplateEngine {
  private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
  private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|\\(|\\)|[^\\s()]+");

  private TemplateEngine() {}

  sealed interface Node permits Text, Out, Block, Call, Seq {}

  record Text(String text) implements Node {}

  record Out(List<String> pipe) implements Node {}

  record Block(String kind, List<String> pipe, Node body, Node otherwise) implements Node {}

  record Call(String name, List<String> pipe) implements Node {}

  record Seq(List<Node> nodes) implements Node {}

  static Node parse(String text, Map<String, Node> defines) {
    List<Object> items = new ArrayList<>();
    Matcher m = ACTION.matcher(text);
    int at = 0;
    while (m.find()) {
      String before = text.substring(at, m.start());
      if (!m.group(1).isEmpty()) {
        before = before.stripTrailing();
      }
      items.add(before);
      items.add(new String[] {m.group(2)});
      at = m.end();
      if (!m.group(3).isEmpty()) {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
          at++;
        }
      }
    }
    items.add(text.substring(at));
    int[] pos = {0};
    Node root = parseSeq(items, pos, defines, true);
    return root;
  }

  private static Node parseSeq(List<Object> items, int[] pos, Map<String, Node> defines, boolean top) {
    List<Node> nodes = new ArrayList<>();
    while (pos[0] < items.size()) {
      Object item = items.get(pos[0]++);
      if (item instanceof String s) {
        if (!s.isEmpty()) {
          nodes.add(new Text(s));
        }
        continue;
      }
      List<String> tokens = tokens(((String[]) item)[0]);
      String head = tokens.isEmpty() ? "" : tokens.get(0);
      List<String> rest = tokens.subList(Math.min(1, tokens.size()), tokens.size());
      switch (head) {
        case "end", "else" -> {
          if (top) {
            throw new IllegalArgumentException("unexpected {{ " + head + " }}");
          }
          pos[0]--;
          return new Seq(nodes);
        }
        case "if", "range", "with" -> {
          Node body = parseSeq(items, pos, defines, false);
          Node otherwise = new Seq(List.of());
          if (closing(items, pos).equals("else")) {
            pos[0]++;
            otherwise = parseSeq(items, pos, defines, false);
          }
          expectEnd(items, pos, head);
          nodes.add(new Block(head, List.copyOf(rest), body, otherwise));
        }
        case "define" -> {
          String name = unquote(rest.get(0));
          Node body = parseSeq(items, pos, defines, false);
          expectEnd(items, pos, head);
          defines.put(name, body);
        }
        case "template" -> nodes.add(new Call(unquote(rest.get(0)), List.copyOf(rest.subList(1, rest.size()))));
        default -> {
          checkPipe(tokens);
          nodes.add(new Out(tokens));
        }
      }
    }
    if (!top) {
      throw new IllegalArgumentException("missing {{ end }}");
    }
    return new Seq(nodes);
  }

  private static String closing(List<Object> items, int[] pos) {
    if (pos[0] >= items.size() || !(items.get(pos[0]) instanceof String[] a)) {
      throw new IllegalArgumentException("missing {{ end }}");
    }
    return a[0].trim();
  }

  private static void expectEnd(List<Object> items, int[] pos, String what) {
    if (!closing(items, pos).equals("end")) {
      throw new IllegalArgumentException("missing {{ end }} for {{ " + what + " }}");
    }
    pos[0]++;
  }

  private static final List<String> FUNCTIONS = List.of("eq", "ne", "gt", "lt", "len", "toUpper", "toLower",
      "title", "join", "printf", "humanize", "not", "and", "or");

  private static void checkPipe(List<String> tokens) {
    for (String t : tokens) {
      boolean ok = t.startsWith(".") || t.startsWith("$") || t.startsWith("\"") || t.equals("|") || t.equals("(")
          || t.equals(")") || t.matches("-?[0-9]+(\\.[0-9]+)?") || FUNCTIONS.contains(t);
      if (!ok) {
        throw new IllegalArgumentException("unsupported template function or token '" + t + "'");
      }
    }
  }

  private static List<String> tokens(String action) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(action);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String unquote(String token) {
    if (!token.startsWith("\"")) {
      throw new IllegalArgumentException("expected a quoted template name, got " + token);
    }
    return token.substring(1, token.length() - 1).replace("\\\"", "\"").replace("\\n", "\n");
  }

  static String execute(Node node, Object dot, Map<String, Object> vars, Map<String, Node> defines) {
    StringBuilder out = new StringBuilder();
    run(node, dot, vars, defines, out);
    return out.toString();
  }

  private static void run(Node node, Object dot, Map<String, Object> vars, Map<String, Node> defines,
      StringBuilder out) {
    if (node instanceof Text t) {
      out.append(t.text());
    } else if (node instanceof Seq s) {
      s.nodes().forEach(n -> run(n, dot, vars, defines, out));
    } else if (node instanceof Out o) {
      out.append(print(eval(o.pipe(), dot, vars)));
    } else if (node instanceof Call c) {
      Node body = defines.get(c.name());
      if (body == null) {
        throw new IllegalArgumentException("template \"" + c.name() + "\" is not defined");
      }
      run(body, c.pipe().isEmpty() ? null : eval(c.pipe(), dot, vars), vars, defines, out);
    } else if (node instanceof Block b) {
      Object value = eval(b.pipe(), dot, vars);
      if (b.kind().equals("range")) {
        Collection<?> items = value instanceof Map<?, ?> map ? map.values()
            : value instanceof Collection<?> c ? c : List.of();
        if (items.isEmpty()) {
          run(b.otherwise(), dot, vars, defines, out);
        }
        for (Object item : items) {
          run(b.body(), item, vars, defines, out);
        }
      } else if (truthy(value)) {
        run(b.body(), b.kind().equals("with") ? value : dot, vars, defines, out);
      } else {
        run(b.otherwise(), dot, vars, defines, out);
      }
    }
  }

  private static Object eval(List<String> pipe, Object dot, Map<String, Object> vars) {
    Object result = null;
    boolean first = true;
    List<String> command = new ArrayList<>();
    for (int i = 0; i <= pipe.size(); i++) {
      if (i == pipe.size() || pipe.get(i).equals("|")) {
        result = command(command, dot, vars, first ? null : result, !first);
        command.clear();
        first = false;
      } else {
        command.add(pipe.get(i));
      }
    }
    return result;
  }

  private static Object command(List<String> cmd, Object dot, Map<String, Object> vars, Object piped,
      boolean hasPiped) {
    if (cmd.isEmpty()) {
      return piped;
    }
    String head = cmd.get(0);
    List<Object> args = new ArrayList<>();
    for (int i = 1; i < cmd.size(); i++) {
      if (cmd.get(i).equals("(")) {
        int depth = 1;
        int j = i + 1;
        while (depth > 0) {
          depth += cmd.get(j).equals("(") ? 1 : cmd.get(j).equals(")") ? -1 : 0;
          j++;
        }
        args.add(eval(cmd.subList(i + 1, j - 1), dot, vars));
        i = j - 1;
      } else {
        args.add(value(cmd.get(i), dot, vars));
      }
    }
    if (hasPiped) {
      args.add(piped);
    }
    if (!FUNCTIONS.contains(head)) {
      return value(head, dot, vars);
    }
    return switch (head) {
      case "eq" -> print(args.get(0)).equals(print(args.get(1)));
      case "ne" -> !print(args.get(0)).equals(print(args.get(1)));
      case "gt" -> number(args.get(0)) > number(args.get(1));
      case "lt" -> number(args.get(0)) < number(args.get(1));
      case "not" -> !truthy(args.get(0));
      case "and" -> truthy(args.get(0)) && truthy(args.get(1));
      case "or" -> truthy(args.get(0)) || truthy(args.get(1));
      case "len" -> args.get(0) instanceof Collection<?> c ? c.size()
          : args.get(0) instanceof Map<?, ?> m ? m.size() : print(args.get(0)).length();
      case "toUpper" -> print(args.get(0)).toUpperCase(Locale.ROOT);
      case "toLower" -> print(args.get(0)).toLowerCase(Locale.ROOT);
      case "title" -> title(print(args.get(0)));
      case "join" -> String.join(print(args.get(0)),
          ((Collection<?>) args.get(1)).stream().map(TemplateEngine::print).toList());
      case "humanize" -> print(Double.parseDouble(print(args.get(0))));
      default -> String.format(Locale.ROOT, print(args.get(0)).replace("%v", "%s"),
          args.subList(1, args.size()).toArray());
    };
  }

  private static Object value(String token, Object dot, Map<String, Object> vars) {
    if (token.startsWith("\"")) {
      return unquote(token);
    }
    if (token.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return Double.parseDouble(token);
    }
    Object current;
    String path;
    if (token.startsWith("$")) {
      int dotAt = token.indexOf('.');
      String name = dotAt < 0 ? token : token.substring(0, dotAt);
      if (!vars.containsKey(name)) {
        throw new IllegalArgumentException("undefined variable " + name);
      }
      current = vars.get(name);
      path = dotAt < 0 ? "" : token.substring(dotAt + 1);
    } else {
      current = dot;
      path = token.substring(1);
    }
    for (String field : path.isEmpty() ? new String[0] : path.split("\\.")) {
      current = field(current, field);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Object field(Object current, String name) {
    if (current instanceof Map<?, ?> map) {
      if (name.equals("SortedPairs") && !map.containsKey(name)) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        new TreeMap<>((Map<String, Object>) map).forEach((k, v) -> pairs.add(Map.of("Name", k, "Value", v)));
        return pairs;
      }
      if (name.equals("Names") && !map.containsKey(name)) {
        return new ArrayList<>(new TreeMap<>((Map<String, Object>) map).keySet());
      }
      return map.get(name);
    }
    if (current instanceof List<?> list) {
      return switch (name) {
        case "Firing", "Resolved" -> list.stream()
            .filter(a -> name.toLowerCase(Locale.ROOT).equals(field(a, "Status"))).toList();
        case "Values" -> list.stream().map(p -> field(p, "Value")).toList();
        case "Names" -> list.stream().map(p -> field(p, "Name")).toList();
        default -> null;
      };
    }
    return null;
  }

  private static boolean truthy(Object v) {
    return v != null && !Boolean.FALSE.equals(v) && !"".equals(v)
        && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty())
        && !(v instanceof Number n && n.doubleValue() == 0);
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.parseDouble(print(v));
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean start = true;
    for (char c : s.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : c);
      start = !Character.isLetterOrDigit(c);
    }
    return out.toString();
  }

  static String print(Object v) {
    if (v == null) {
      return "<no value>";
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf";
      }
      return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Collection<?> c) {
      return "[" + String.join(" ", c.stream().map(TemplateEngine::print).toList()) + "]";
    }
    return v.toString();
  }
}
