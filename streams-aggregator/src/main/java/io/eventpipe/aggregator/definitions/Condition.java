package io.eventpipe.aggregator.definitions;

import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.generic.IndexedRecord;

/** One {@code where} condition compiled against an event schema (its regex compiled once). */
final class Condition {
  private final FieldPath path;
  private final String equalTo;
  private final Set<String> in;
  private final String not;
  private final Pattern regex;
  private final Boolean exists;

  private Condition(FieldPath path, WhereDefinition def) {
    this.path = path;
    this.equalTo = def.equalTo();
    this.in = def.in() == null ? null : Set.copyOf(def.in());
    this.not = def.not();
    this.regex = def.regex() == null ? null : Pattern.compile(def.regex());
    this.exists = def.exists();
  }

  static Condition compile(FieldPath path, WhereDefinition def) {
    int given = (def.equalTo() != null ? 1 : 0) + (def.in() != null ? 1 : 0) + (def.not() != null ? 1 : 0)
        + (def.regex() != null ? 1 : 0) + (def.exists() != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("give exactly one of a value, 'equals', 'in', 'not', 'regex', 'exists'");
    }
    return new Condition(path, def);
  }

  boolean test(IndexedRecord event) {
    String v = path.text(event);
    if (exists != null) {
      return exists == (v != null);
    }
    if (not != null) {
      return !not.equals(v);
    }
    if (v == null) {
      return false;
    }
    if (equalTo != null) {
      return equalTo.equals(v);
    }
    if (in != null) {
      return in.contains(v);
    }
    return regex.matcher(v).matches();
  }
}
