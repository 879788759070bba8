package io.eventpipe.alerting.api;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.silence.Silence;
import java.util.List;

/** What the API reads: the current merged alerts and the silences (from the router's global stores). */
public interface RouterState {
  List<Alert> alerts();

  List<Silence> silences();
}
