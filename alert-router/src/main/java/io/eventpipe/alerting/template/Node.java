package io.eventpipe.alerting.template;

import java.util.List;

/** The parse tree of a Go template, one record per node kind of text/template/parse. */
sealed interface Node {
  /** A sequence of nodes. */
  record ListNode(List<Node> nodes) implements Node {}

  /** Literal text. */
  record TextNode(String text) implements Node {}

  /** {@code {{ pipeline }}}: evaluates and prints unless the pipeline declares variables. */
  record ActionNode(Pipe pipe, int line) implements Node {}

  /** {@code if}, {@code range} or {@code with}, with an optional else list. */
  record ControlNode(String kind, Pipe pipe, ListNode body, ListNode otherwise, int line) implements Node {}

  /** {@code {{ template "name" pipeline }}}; pipe may be null. */
  record TemplateNode(String name, Pipe pipe, int line) implements Node {}

  /** {@code {{ break }}} or {@code {{ continue }}} inside a range. */
  record LoopNode(boolean isBreak) implements Node {}

  /** Commands joined by {@code |}, optionally declaring or assigning variables first. */
  record Pipe(List<String> vars, boolean assign, List<Command> commands, int line) implements Node {}

  /** One command: its first argument is the function, field or value. */
  record Command(List<Node> args) implements Node {}

  /** {@code .}. */
  record DotNode() implements Node {}

  /** {@code nil}. */
  record NilNode() implements Node {}

  /** A constant: string, Long, Double or Boolean. */
  record ConstNode(Object value, String text) implements Node {}

  /** {@code .A.B}: fields of dot. */
  record FieldNode(List<String> names) implements Node {}

  /** {@code $x.A.B}: a variable and optional fields. */
  record VariableNode(String name, List<String> fields) implements Node {}

  /** A function name. */
  record IdentNode(String name) implements Node {}

  /** {@code (pipeline).A.B}. */
  record ChainNode(Node node, List<String> fields) implements Node {}
}
