package io.eventpipe.alerting.template;

import io.eventpipe.alerting.template.Node.ChainNode;
import io.eventpipe.alerting.template.Node.Command;
import io.eventpipe.alerting.template.Node.ConstNode;
import io.eventpipe.alerting.template.Node.ControlNode;
import io.eventpipe.alerting.template.Node.DotNode;
import io.eventpipe.alerting.template.Node.FieldNode;
import io.eventpipe.alerting.template.Node.IdentNode;
import io.eventpipe.alerting.template.Node.ListNode;
import io.eventpipe.alerting.template.Node.NilNode;
import io.eventpipe.alerting.template.Node.Pipe;
import io.eventpipe.alerting.template.Node.TemplateNode;
import io.eventpipe.alerting.template.Node.TextNode;
import io.eventpipe.alerting.template.Node.VariableNode;
import io.eventpipe.alerting.template.Token.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the parse tree from tokens as Go's text/template/parse does: controls with {@code else if}/{@code else
 * with} chains, {@code define}/{@code block}, variable declarations and scopes, {@code break}/{@code continue}
 * only inside {@code range}, and every function name checked against the function set at parse time.
 */
final class Parser {
  private final List<Token> tokens;
  private final Set<String> functions;
  private final Map<String, ListNode> defined = new HashMap<>();
  private final List<List<String>> scopes = new ArrayList<>();
  private int pos;
  private int rangeDepth;

  private Parser(List<Token> tokens, Set<String> functions) {
    this.tokens = tokens;
    this.functions = functions;
  }

  /** The tree of the text itself plus every template it defines. */
  record Result(ListNode root, Map<String, ListNode> defined) {}

  static Result parse(String text, Set<String> functions, Set<String> predeclared) {
    Parser p = new Parser(Lexer.lex(text), functions);
    p.scopes.add(new ArrayList<>(List.of("$")));
    p.scopes.get(0).addAll(predeclared);
    ListNode root = p.list(true);
    return new Result(root, p.defined);
  }

  private TemplateException error(String message) {
    return new TemplateException(peek().line() + ": " + message);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Token expect(Type type, String context) {
    Token t = next();
    if (t.type() != type) {
      pos--;
      throw error("unexpected \"" + t.text() + "\" in " + context);
    }
    return t;
  }

  /** Parses nodes up to {@code end}/{@code else} (left unconsumed after its LEFT) or EOF at top level. */
  private ListNode list(boolean top) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      Token t = next();
      if (t.type() == Type.EOF) {
        if (!top) {
          pos--;
          throw error("unexpected EOF");
        }
        return new ListNode(nodes);
      }
      if (t.type() == Type.TEXT) {
        nodes.add(new TextNode(t.text()));
        continue;
      }
      Token k = peek();
      if (k.keyword("end") || k.keyword("else")) {
        if (top) {
          throw error("unexpected {{" + k.text() + "}}");
        }
        return new ListNode(nodes);
      }
      Node n = action(top);
      if (n != null) {
        nodes.add(n);
      }
    }
  }

  private Node action(boolean top) {
    Token t = peek();
    if (t.type() == Type.KEYWORD) {
      next();
      switch (t.text()) {
        case "if", "with" -> {
          return control(t.text(), t.line());
        }
        case "range" -> {
          return control("range", t.line());
        }
        case "define" -> {
          if (!top) {
            throw error("define not at top level");
          }
          define(t.line());
          return null;
        }
        case "block" -> {
          String name = name("block");
          Pipe pipe = pipeline("block", false);
          ListNode body = list(false);
          end("block");
          putDefinition(name, body);
          return new TemplateNode(name, pipe, t.line());
        }
        case "template" -> {
          String name = name("template");
          Pipe pipe = peek().type() == Type.RIGHT ? null : pipeline("template", false);
          if (pipe == null) {
            next();
          }
          return new TemplateNode(name, pipe, t.line());
        }
        case "break", "continue" -> {
          if (rangeDepth == 0) {
            throw error("{{" + t.text() + "}} outside {{range}}");
          }
          expect(Type.RIGHT, t.text());
          return new Node.LoopNode(t.text().equals("break"));
        }
        default -> throw error("unexpected keyword " + t.text());
      }
    }
    return new Node.ActionNode(pipeline("command", false), t.line());
  }

  private String name(String context) {
    Token t = next();
    if (t.type() != Type.STRING) {
      throw error("unexpected \"" + t.text() + "\" in " + context + " clause");
    }
    return Literals.unquote(t.text());
  }

  private void define(int line) {
    String name = name("define");
    expect(Type.RIGHT, "define clause");
    List<List<String>> saved = new ArrayList<>(scopes);
    scopes.clear();
    scopes.add(new ArrayList<>(List.of("$")));
    ListNode body = list(false);
    end("define");
    scopes.clear();
    scopes.addAll(saved);
    putDefinition(name, body);
  }

  /** Go keeps an existing non-empty definition when redefined with an empty (whitespace-only) body. */
  private void putDefinition(String name, ListNode body) {
    if (defined.containsKey(name) && isEmpty(body)) {
      return;
    }
    defined.put(name, body);
  }

  static boolean isEmpty(ListNode body) {
    return body.nodes().stream().allMatch(n -> n instanceof TextNode t && t.text().isBlank());
  }

  private void end(String context) {
    if (!next().keyword("end")) {
      pos--;
      throw error("expected end for " + context);
    }
    expect(Type.RIGHT, "end");
  }

  private ControlNode control(String kind, int line) {
    scopes.add(new ArrayList<>());
    Pipe pipe = pipeline(kind, kind.equals("range"));
    if (kind.equals("range")) {
      rangeDepth++;
    }
    ListNode body = list(false);
    if (kind.equals("range")) {
      rangeDepth--;
    }
    ListNode otherwise = null;
    Token k = next();
    if (k.keyword("else")) {
      if ((kind.equals("if") || kind.equals("with")) && peek().keyword(kind)) {
        Token inner = next();
        otherwise = new ListNode(List.of(control(kind, inner.line())));
        scopes.remove(scopes.size() - 1);
        return new ControlNode(kind, pipe, body, otherwise, line);
      }
      expect(Type.RIGHT, "else");
      otherwise = list(false);
      k = next();
    }
    if (!k.keyword("end")) {
      throw error("expected end; found " + k.text());
    }
    expect(Type.RIGHT, "end");
    scopes.remove(scopes.size() - 1);
    return new ControlNode(kind, pipe, body, otherwise, line);
  }

  private Pipe pipeline(String context, boolean allowTwo) {
    int line = peek().line();
    List<String> vars = new ArrayList<>();
    boolean assign = false;
    int mark = pos;
    if (peek().type() == Type.VARIABLE) {
      Token v = next();
      if (peek().type() == Type.DECLARE || peek().type() == Type.ASSIGN) {
        assign = next().type() == Type.ASSIGN;
        vars.add(v.text());
      } else if (peek().type() == Type.COMMA && allowTwo) {
        next();
        Token v2 = expect(Type.VARIABLE, "range declaration");
        vars.add(v.text());
        vars.add(v2.text());
        Token d = next();
        if (d.type() != Type.DECLARE && d.type() != Type.ASSIGN) {
          throw error("expected := in range declaration");
        }
        assign = d.type() == Type.ASSIGN;
      } else {
        pos = mark;
      }
    }
    for (String v : vars) {
      if (assign) {
        lookup(v);
      }
    }
    List<Command> commands = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t.type() == Type.RIGHT || t.type() == Type.RPAREN) {
        if (t.type() == Type.RPAREN && !context.equals("parenthesized pipeline")) {
          throw error("unexpected right paren");
        }
        next();
        break;
      }
      commands.add(command());
      if (peek().type() == Type.PIPE) {
        next();
        if (peek().type() == Type.RIGHT || peek().type() == Type.RPAREN) {
          throw error("missing command after |");
        }
      }
    }
    if (commands.isEmpty()) {
      throw error("missing value for " + context);
    }
    if (!assign) {
      scopes.get(scopes.size() - 1).addAll(vars);
    }
    return new Pipe(List.copyOf(vars), assign, List.copyOf(commands), line);
  }

  private Command command() {
    List<Node> args = new ArrayList<>();
    while (true) {
      Token t = peek();
      if (t.type() == Type.PIPE || t.type() == Type.RIGHT || t.type() == Type.RPAREN) {
        break;
      }
      if (!args.isEmpty() && !t.spaced()) {
        throw error("missing space before " + t.text());
      }
      args.add(operand());
    }
    if (args.isEmpty()) {
      throw error("empty command");
    }
    return new Command(List.copyOf(args));
  }

  private Node operand() {
    Node term = term();
    if (peek().type() != Type.FIELD || peek().spaced()) {
      return term;
    }
    List<String> fields = new ArrayList<>();
    while (peek().type() == Type.FIELD && !peek().spaced()) {
      fields.add(next().text().substring(1));
    }
    if (term instanceof FieldNode f) {
      List<String> all = new ArrayList<>(f.names());
      all.addAll(fields);
      return new FieldNode(List.copyOf(all));
    }
    if (term instanceof VariableNode v) {
      List<String> all = new ArrayList<>(v.fields());
      all.addAll(fields);
      return new VariableNode(v.name(), List.copyOf(all));
    }
    if (term instanceof ConstNode || term instanceof NilNode || term instanceof DotNode) {
      throw error("unexpected . after term " + term);
    }
    return new ChainNode(term, List.copyOf(fields));
  }

  private Node term() {
    Token t = next();
    return switch (t.type()) {
      case IDENT -> {
        if (!functions.contains(t.text())) {
          pos--;
          throw error("function \"" + t.text() + "\" not defined");
        }
        yield new IdentNode(t.text());
      }
      case DOT -> new DotNode();
      case NIL -> new NilNode();
      case VARIABLE -> new VariableNode(lookup(t.text()), List.of());
      case FIELD -> new FieldNode(List.of(t.text().substring(1)));
      case BOOL -> new ConstNode(Boolean.parseBoolean(t.text()), t.text());
      case STRING -> new ConstNode(Literals.unquote(t.text()), t.text());
      case CHAR -> new ConstNode(Literals.charValue(t.text()), t.text());
      case NUMBER -> new ConstNode(Literals.number(t.text()), t.text());
      case LPAREN -> {
        Pipe p = pipeline("parenthesized pipeline", false);
        yield new ChainNode(p, List.of());
      }
      default -> {
        pos--;
        throw error("unexpected \"" + t.text() + "\" in operand");
      }
    };
  }

  private String lookup(String variable) {
    for (List<String> scope : scopes) {
      if (scope.contains(variable)) {
        return variable;
      }
    }
    throw error("undefined variable \"" + variable + "\"");
  }
}
