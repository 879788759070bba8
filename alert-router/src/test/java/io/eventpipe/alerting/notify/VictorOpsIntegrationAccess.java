package io.eventpipe.alerting.notify;

/** Test access to VictorOpsIntegration's package-private path escaping. */
public final class VictorOpsIntegrationAccess {
  private VictorOpsIntegrationAccess() {}

  public static String escape(String s) {
    return VictorOpsIntegration.escapePath(s);
  }
}
