package io.eventpipe.alerting.notify;

/** How one submitted notification ended: accepted by its receiver, or given up with the last error. */
public record DeliveryOutcome(Notification notification, boolean delivered, String error) {

  public static DeliveryOutcome delivered(Notification n) {
    return new DeliveryOutcome(n, true, null);
  }

  public static DeliveryOutcome failed(Notification n, String error) {
    return new DeliveryOutcome(n, false, error);
  }
}
