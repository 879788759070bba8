package io.eventpipe.alerting.inhibit;

import io.eventpipe.alerting.alert.Matchers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One {@code inhibit_rules} entry: a firing alert matching the source side mutes alerts matching the target side
 * that carry the same values for the {@code equal} labels (missing equals missing, i.e. the empty string).
 */
public record InhibitRule(Matchers source, Matchers target, Set<String> equal) {

  public InhibitRule {
    equal = new TreeSet<>(equal);
  }

  /** The values of the {@code equal} labels in name order, the key source and target must share. */
  List<String> equalValues(Map<String, String> labels) {
    List<String> values = new ArrayList<>(equal.size());
    for (String name : equal) {
      values.add(labels.getOrDefault(name, ""));
    }
    return values;
  }
}
