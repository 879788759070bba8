package io.eventpipe.alerting.notify;

import java.util.Map;

/** One alert in a notification, as in Alertmanager's webhook payload; times are epoch milliseconds. */
public record NotifiedAlert(String status, Map<String, String> labels, Map<String, String> annotations,
    long startsAt, long endsAt, String generatorURL, String fingerprint) {}
