package io.eventpipe.aggregator.definitions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A condition on one event field: equality (the short form, {@code kind: PAYMENT}), {@code in: [..]},
 * {@code not: X}, {@code regex: ..} (the whole value must match) or {@code exists: true|false}. Values compare as
 * the field's text (enum symbols as written in the schema, numbers in decimal).
 */
public record WhereDefinition(@JsonProperty("equals") String equalTo, List<String> in, String not, String regex,
    Boolean exists) {

  /** The short form: equality. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static WhereDefinition equalTo(String value) {
    return new WhereDefinition(value, null, null, null, null);
  }

  /** Short form with a YAML integer ({@code status_code: 503}): compared as its decimal text. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static WhereDefinition equalTo(long value) {
    return equalTo(Long.toString(value));
  }

  /** Short form with a YAML boolean. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static WhereDefinition equalTo(boolean value) {
    return equalTo(Boolean.toString(value));
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public WhereDefinition {
  }
}
