package io.eventpipe.alerting.template;

/**
 * One lexical item of a Go template: text outside actions, or a word inside {@code {{ }}}; {@code spaced} says
 * whitespace preceded it inside the action (a field chain {@code (x).F} must not be spaced).
 */
record Token(Type type, String text, int line, boolean spaced) {
  /** The kinds of item, as Go's text/template/parse lexer has them. */
  enum Type { TEXT, LEFT, RIGHT, PIPE, LPAREN, RPAREN, COMMA, DECLARE, ASSIGN, STRING, NUMBER, CHAR, BOOL, NIL, DOT,
    FIELD, VARIABLE, IDENT, KEYWORD, EOF }

  boolean is(Type t, String s) {
    return type == t && text.equals(s);
  }

  boolean keyword(String k) {
    return is(Type.KEYWORD, k);
  }
}
