package io.eventpipe.producers.recorders;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;
import io.eventpipe.schemas.EventTypes;

/** Records what users do that makes them active (registrations, logins, page views, API calls). */
public final class ActivityRecorder {
  private final RecorderContext context;

  public ActivityRecorder(RecorderContext context) {
    this.context = context;
  }

  public boolean record(String userId, String plan, ActivityAction action) {
    return context.sink().record(EventTypes.ACTIVITY, ActivityEvent.newBuilder().setEventId(context.newEventId())
        .setEventTime(context.now()).setSource(context.source()).setUserId(userId).setPlan(plan).setAction(action)
        .build());
  }

  public boolean registration(String userId, String plan) {
    return record(userId, plan, ActivityAction.REGISTRATION);
  }

  public boolean login(String userId, String plan) {
    return record(userId, plan, ActivityAction.LOGIN);
  }
}
