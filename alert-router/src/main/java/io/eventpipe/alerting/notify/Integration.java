package io.eventpipe.alerting.notify;

/** Delivers one notification to one external service, in one attempt; retrying is the caller's job. */
public interface Integration {
  void send(Notification notification) throws DeliveryException;
}
