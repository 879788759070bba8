package io.eventpipe.alerting.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a template into tokens as Go's text/template lexer does: text, {@code {{ }}} actions with {@code {{- -}}}
 * trimming and {@code /* *}{@code /} comments, strings (quoted, raw, char), numbers, fields, variables, keywords.
 */
final class Lexer {
  private static final Set<String> KEYWORDS = Set.of("block", "break", "continue", "define", "else", "end", "if",
      "range", "nil", "template", "with");

  private final String src;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int line = 1;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String src) {
    Lexer l = new Lexer(src);
    l.run();
    return l.out;
  }

  private TemplateException error(String message) {
    return new TemplateException(line + ": " + message);
  }

  private void run() {
    boolean trimLeading = false;
    while (pos <= src.length()) {
      int open = src.indexOf("{{", pos);
      int end = open < 0 ? src.length() : open;
      int start = pos;
      if (trimLeading) {
        while (start < end && isSpace(src.charAt(start))) {
          start++;
        }
      }
      boolean trimTrailing = open >= 0 && open + 3 < src.length() && src.charAt(open + 2) == '-'
          && isSpace(src.charAt(open + 3));
      int stop = end;
      if (trimTrailing) {
        while (stop > start && isSpace(src.charAt(stop - 1))) {
          stop--;
        }
      }
      if (stop > start) {
        out.add(new Token(Token.Type.TEXT, src.substring(start, stop), line, false));
      }
      line += count(src, pos, end);
      if (open < 0) {
        break;
      }
      pos = open + (trimTrailing ? 4 : 2);
      trimLeading = action();
    }
    out.add(new Token(Token.Type.EOF, "", line, false));
  }

  /** Lexes one action after its left delimiter; returns whether it ended with a trim marker. */
  private boolean action() {
    int at = pos;
    while (at < src.length() && isSpace(src.charAt(at))) {
      at++;
    }
    if (src.startsWith("/*", at)) {
      int close = src.indexOf("*/", at + 2);
      if (close < 0) {
        throw error("unclosed comment");
      }
      line += count(src, pos, close);
      pos = close + 2;
      return closeAfterComment();
    }
    out.add(new Token(Token.Type.LEFT, "{{", line, false));
    boolean spaced = false;
    while (true) {
      if (pos >= src.length()) {
        throw error("unclosed action");
      }
      char c = src.charAt(pos);
      if (src.startsWith("}}", pos)) {
        out.add(new Token(Token.Type.RIGHT, "}}", line, spaced));
        pos += 2;
        return false;
      }
      if (isSpace(c)) {
        if (src.startsWith("-}}", pos + 1)) {
          out.add(new Token(Token.Type.RIGHT, "}}", line, true));
          line += c == '\n' ? 1 : 0;
          pos += 4;
          return true;
        }
        line += c == '\n' ? 1 : 0;
        pos++;
        spaced = true;
        continue;
      }
      int start = pos;
      Token.Type type = word(c);
      out.add(new Token(type, src.substring(start, pos), line, spaced));
      spaced = false;
    }
  }

  private boolean closeAfterComment() {
    int at = pos;
    while (at < src.length() && isSpace(src.charAt(at))) {
      at++;
    }
    boolean trim = at > pos && src.startsWith("-}}", at);
    if (trim) {
      pos = at + 3;
      return true;
    }
    if (!src.startsWith("}}", pos)) {
      throw error("comment ends before closing delimiter");
    }
    pos += 2;
    return false;
  }

  private Token.Type word(char c) {
    switch (c) {
      case '|': pos++; return Token.Type.PIPE;
      case '(': pos++; return Token.Type.LPAREN;
      case ')': pos++; return Token.Type.RPAREN;
      case ',': pos++; return Token.Type.COMMA;
      case '=': pos++; return Token.Type.ASSIGN;
      case ':':
        if (!src.startsWith(":=", pos)) {
          throw error("expected :=");
        }
        pos += 2;
        return Token.Type.DECLARE;
      case '"': quoted('"'); return Token.Type.STRING;
      case '\'': quoted('\''); return Token.Type.CHAR;
      case '`': {
        int close = src.indexOf('`', pos + 1);
        if (close < 0) {
          throw error("unterminated raw quoted string");
        }
        line += count(src, pos, close);
        pos = close + 1;
        return Token.Type.STRING;
      }
      case '$': pos++; alnum(); return Token.Type.VARIABLE;
      case '.':
        if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
          number();
          return Token.Type.NUMBER;
        }
        pos++;
        if (alnum() == 0) {
          return Token.Type.DOT;
        }
        return Token.Type.FIELD;
      default:
        if (c == '+' || c == '-' || Character.isDigit(c)) {
          number();
          return Token.Type.NUMBER;
        }
        if (isAlnum(c)) {
          int start = pos;
          alnum();
          String w = src.substring(start, pos);
          if (w.equals("true") || w.equals("false")) {
            return Token.Type.BOOL;
          }
          if (w.equals("nil")) {
            return Token.Type.NIL;
          }
          return KEYWORDS.contains(w) ? Token.Type.KEYWORD : Token.Type.IDENT;
        }
        throw error("unrecognized character in action: " + c);
    }
  }

  private void quoted(char quote) {
    pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw error("unterminated quoted string");
      }
      char c = src.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == quote) {
        return;
      }
    }
  }

  private void number() {
    int start = pos;
    pos++;
    boolean hex = src.startsWith("0x", start) || src.startsWith("0X", start);
    while (pos < src.length()) {
      char c = src.charAt(pos);
      boolean exponentSign = (c == '+' || c == '-') && (hex ? "pP" : "eE").indexOf(src.charAt(pos - 1)) >= 0;
      if (isAlnum(c) || c == '.' || exponentSign) {
        pos++;
      } else {
        break;
      }
    }
  }

  private int alnum() {
    int start = pos;
    while (pos < src.length() && isAlnum(src.charAt(pos))) {
      pos++;
    }
    return pos - start;
  }

  private static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to && i < s.length(); i++) {
      n += s.charAt(i) == '\n' ? 1 : 0;
    }
    return n;
  }
}
