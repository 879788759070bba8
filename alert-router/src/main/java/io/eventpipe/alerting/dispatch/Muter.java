package io.eventpipe.alerting.dispatch;

import java.util.Map;

/** Says whether an alert is muted (silenced or inhibited) at a moment; applied when a group flushes. */
@FunctionalInterface
public interface Muter {
  Muter NONE = (labels, now) -> false;

  boolean mutes(Map<String, String> labels, long now);
}
