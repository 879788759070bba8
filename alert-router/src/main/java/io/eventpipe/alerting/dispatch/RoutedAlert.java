package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Alert;

/** An alert on its way to the group it belongs to on one matching route. */
public record RoutedAlert(String routeId, Alert alert) {}
