package io.eventpipe.aggregator.definitions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The families the aggregator derives, loaded from a metrics.yml, validated and compiled once: the definitions in
 * file order and, per event type name, the rules that turn one event into deltas.
 */
public final class MetricDefinitions {
  /** The built-in default file (deploy/metrics/metrics.yml, packaged on the classpath). */
  public static final String BUILT_IN = "eventpipe/metrics.yml";
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static volatile MetricDefinitions builtIn;

  private final String source;
  private final List<FamilyDefinition> families;
  private final Map<String, List<Rule>> rulesByType;

  private MetricDefinitions(String source, List<FamilyDefinition> families, List<Rule> rules) {
    this.source = source;
    this.families = List.copyOf(families);
    this.rulesByType = rules.stream().collect(Collectors.groupingBy(r -> r.type().name(), Collectors.toUnmodifiableList()));
  }

  /** The shipped default definitions. */
  public static MetricDefinitions builtIn() {
    MetricDefinitions d = builtIn;
    if (d == null) {
      try (InputStream in = MetricDefinitions.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
        }
        d = parse("metrics.yml (built in)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      builtIn = d;
    }
    return d;
  }

  /** Loads a file; throws {@link MetricsConfigException} naming the file, line and field of the first problem. */
  public static MetricDefinitions load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new MetricsConfigException(file.toString(), 0, "file", "cannot be read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Parses the text of a metrics.yml named {@code source} in error messages. */
  public static MetricDefinitions parse(String source, String text) {
    MetricsFile file;
    try {
      file = MAPPER.readValue(text, MetricsFile.class);
    } catch (JsonMappingException e) {
      throw bindingError(source, e);
    } catch (JsonProcessingException e) {
      throw new MetricsConfigException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "yaml",
          e.getOriginalMessage());
    }
    if (file == null) {
      throw new MetricsConfigException(source, 1, "families", "the file is empty");
    }
    LineIndex lines = new LineIndex(YAML, text);
    List<Rule> rules = new FamilyValidator(source, lines).validate(file.families());
    return new MetricDefinitions(source, file.families(), rules);
  }

  private static MetricsConfigException bindingError(String source, JsonMappingException e) {
    String field = e.getPath().stream()
        .map(ref -> ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : "." + ref.getFieldName())
        .collect(Collectors.joining()).replaceFirst("^\\.", "");
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String problem = e instanceof UnrecognizedPropertyException u
        ? "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")"
        : e.getOriginalMessage().replaceAll(" of type `[^`]*`", "").replaceAll("\\(class [^)]*\\)", "").trim();
    return new MetricsConfigException(source, line, field.isEmpty() ? "families" : field, problem);
  }

  /** Where these definitions came from (a path, or the built-in file). */
  public String source() {
    return source;
  }

  /** The families in file order. */
  public List<FamilyDefinition> families() {
    return families;
  }

  /** The rules fed by an event type (by its catalog name: request, custom, ...), in file order. */
  public List<Rule> rulesFor(String eventType) {
    return rulesByType.getOrDefault(eventType, List.of());
  }
}
