package io.eventpipe.alerting.silence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.eventpipe.alerting.alert.Matcher;
import io.eventpipe.alerting.alert.Matchers;
import java.util.List;
import java.util.Map;

/**
 * A silence as Alertmanager's API v2 describes it; it mutes every alert its matchers all match while
 * {@code startsAt <= now <= endsAt}. Times are epoch milliseconds.
 */
public record Silence(String id, List<SilenceMatcher> matchers, long startsAt, long endsAt, String createdBy,
    String comment, long updatedAt) {

  /** One matcher of a silence in the API's form. */
  public record SilenceMatcher(String name, String value, boolean isRegex, Boolean isEqual) {
    public Matcher toMatcher() {
      boolean equal = isEqual == null || isEqual;
      Matcher.Type type = isRegex ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX)
          : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
      return Matcher.of(name, type, value);
    }
  }

  /** Checks what the API must refuse, naming the field. */
  public void validate() {
    if (matchers == null || matchers.isEmpty()) {
      throw new IllegalArgumentException("matchers: at least one matcher is required");
    }
    for (SilenceMatcher m : matchers) {
      if (m.value() == null) {
        throw new IllegalArgumentException("matchers: value missing for " + m.name());
      }
      m.toMatcher();
    }
    if (endsAt <= startsAt) {
      throw new IllegalArgumentException("endsAt: must be after startsAt");
    }
    if (toMatchers().matches(Map.of())) {
      throw new IllegalArgumentException("matchers: must not match the empty label set (would silence everything)");
    }
  }

  @JsonIgnore
  public Matchers toMatchers() {
    return new Matchers(matchers.stream().map(SilenceMatcher::toMatcher).toList());
  }

  /** "pending", "active" or "expired" at {@code now}. */
  public String state(long now) {
    if (now < startsAt) {
      return "pending";
    }
    return now > endsAt ? "expired" : "active";
  }

  public boolean mutes(Map<String, String> labels, long now) {
    return "active".equals(state(now)) && toMatchers().matches(labels);
  }
}
