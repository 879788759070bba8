package io.eventpipe.aggregator.definitions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The line each node of a YAML document starts on, by JSON pointer ({@code /families/3/labels/route}). */
final class LineIndex {
  private final Map<String, Integer> lines = new HashMap<>();

  LineIndex(YAMLFactory factory, String text) {
    try (JsonParser parser = factory.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
          String pointer = parser.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // Syntax errors are reported by the binder, which parses the same text with its location.
    }
  }

  /** The line of a node, or of its nearest enclosing node that has one (1 when none). */
  int line(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
    }
  }
}
