package io.eventpipe.alerting.notify;

import java.util.Map;

/**
 * {@code victorops_configs} as Alertmanager 0.25 has them: one REST-endpoint event per notification, posted to
 * {@code <api_url><api_key>/<routing_key>}; {@code apiKeyFile} (when set instead of {@code apiKey}) is read on every
 * notification; routing key, message type and the texts are templates.
 */
public record VictorOpsConfig(String apiKey, String apiKeyFile, String apiUrl, String routingKey, String messageType,
    String stateMessage, String entityDisplayName, String monitoringTool, Map<String, String> customFields,
    boolean sendResolved, HttpClientConfig http) implements IntegrationConfig {

  @Override
  public String type() {
    return "victorops";
  }

  @Override
  public String toString() {
    return "VictorOpsConfig[apiKey=<secret>, apiUrl=" + apiUrl + ", routingKey=" + routingKey + "]";
  }
}
