package io.eventpipe.alerting.notify;

import java.util.List;

/** A named receiver and its integrations, as in alertmanager.yml's {@code receivers}. */
public record Receiver(String name, List<IntegrationConfig> integrations) {}
