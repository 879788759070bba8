package io.eventpipe.aggregator.definitions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where one exported label's value comes from: a field path ({@code route}, {@code attributes.table}), optionally
 * mapped by a {@code transform} ({@code lower}, {@code status_class}), or a {@code template} such as
 * {@code "{method} {route}"}; {@code default} is used when the field is absent (otherwise the event is not counted
 * in this family).
 */
public record LabelDefinition(String from, String transform, String template,
    @JsonProperty("default") String defaultValue) {

  /** The short form: just a field path. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static LabelDefinition of(String path) {
    return new LabelDefinition(path, null, null, null);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public LabelDefinition {
  }
}
