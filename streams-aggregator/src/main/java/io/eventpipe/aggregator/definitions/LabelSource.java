package io.eventpipe.aggregator.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** One exported label compiled against an event schema: its value per event, or null to skip the event. */
public final class LabelSource {
  /** The transforms a label value can go through; nothing more (no scripting). */
  public static final List<String> TRANSFORMS = List.of("lower", "status_class");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

  private final FieldPath path;
  private final String transform;
  /** Template: literal text and paths alternating (literals at even indexes). */
  private final String[] literals;
  private final FieldPath[] parts;
  private final String defaultValue;

  private LabelSource(FieldPath path, String transform, String[] literals, FieldPath[] parts, String defaultValue) {
    this.path = path;
    this.transform = transform;
    this.literals = literals;
    this.parts = parts;
    this.defaultValue = defaultValue;
  }

  /** Compiles a label; throws {@link IllegalArgumentException} naming what is wrong. */
  static LabelSource compile(Schema schema, LabelDefinition def) {
    if (def.transform() != null && !TRANSFORMS.contains(def.transform())) {
      throw new IllegalArgumentException("unknown transform '" + def.transform() + "' (known: " + TRANSFORMS + ")");
    }
    if ((def.from() == null) == (def.template() == null)) {
      throw new IllegalArgumentException("give exactly one of 'from' (a field path) and 'template'");
    }
    if (def.from() != null) {
      return new LabelSource(path(schema, def.from()), def.transform(), null, null, def.defaultValue());
    }
    List<String> literals = new ArrayList<>();
    List<FieldPath> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(def.template());
    int end = 0;
    while (m.find()) {
      literals.add(def.template().substring(end, m.start()));
      parts.add(path(schema, m.group(1)));
      end = m.end();
    }
    literals.add(def.template().substring(end));
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("template '" + def.template() + "' names no {field}");
    }
    return new LabelSource(null, def.transform(), literals.toArray(String[]::new), parts.toArray(FieldPath[]::new),
        def.defaultValue());
  }

  private static FieldPath path(Schema schema, String path) {
    try {
      return FieldPath.compile(schema, path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown field path '" + path + "': " + e.getMessage(), e);
    }
  }

  /** The label value of an event, or null when a field it needs is absent and there is no default. */
  public String value(IndexedRecord event) {
    String raw;
    if (path != null) {
      raw = path.text(event);
    } else {
      StringBuilder out = new StringBuilder(literals[0]);
      raw = null;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].text(event);
        if (part == null) {
          out = null;
          break;
        }
        out.append(part).append(literals[i + 1]);
      }
      if (out != null) {
        raw = out.toString();
      }
    }
    if (raw == null) {
      return defaultValue;
    }
    if (transform == null) {
      return raw;
    }
    return switch (transform) {
      case "lower" -> raw.toLowerCase(Locale.ROOT);
      case "status_class" -> raw.length() == 3 && Character.isDigit(raw.charAt(0)) ? raw.charAt(0) + "xx" : raw;
      default -> raw;
    };
  }
}
