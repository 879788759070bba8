package io.eventpipe.alerting.notify;

import java.util.List;
import java.util.Map;

/**
 * A notification decided by a group's timer for one integration of its receiver: the webhook v4 payload's
 * content plus where it goes. {@code id} is unique per decision, so a redelivered record is recognisable.
 */
public record Notification(String id, String groupId, String groupKey, String receiver, int integrationIndex,
    String integration, String status, Map<String, String> groupLabels, Map<String, String> commonLabels,
    Map<String, String> commonAnnotations, List<NotifiedAlert> alerts, long createdAt) {

  public boolean firing() {
    return "firing".equals(status);
  }
}
