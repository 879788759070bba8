package io.eventpipe.alerting.notify;

import java.util.List;
import java.util.Map;

/**
 * {@code opsgenie_configs} as Alertmanager 0.25 has them: an alert created (and, with {@code update_alerts}, its
 * message and description updated) per group while firing, closed when resolved; every text is a template, the API
 * key too, and {@code apiKeyFile} (when set instead of {@code apiKey}) is read on every notification.
 */
public record OpsGenieConfig(String apiKey, String apiKeyFile, String apiUrl, String message, String description,
    String source, Map<String, String> details, String entity, List<Responder> responders, String actions,
    String tags, String note, String priority, boolean updateAlerts, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  /** Who gets the alert: one of id, name, username, and a type (team, teams, user, escalation, schedule). */
  public record Responder(String id, String name, String username, String type) {}

  @Override
  public String type() {
    return "opsgenie";
  }

  @Override
  public String toString() {
    return "OpsGenieConfig[apiKey=<secret>, apiUrl=" + apiUrl + ", updateAlerts=" + updateAlerts + "]";
  }
}
