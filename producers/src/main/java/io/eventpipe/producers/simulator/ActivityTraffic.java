package io.eventpipe.producers.simulator;

import io.eventpipe.events.ActivityAction;
import io.eventpipe.events.ActivityEvent;

/** User activity: mostly logins and page views by Zipf-drawn users, plus registrations of new users. */
final class ActivityTraffic {
  private static final ActivityAction[] ACTIONS = {
      ActivityAction.LOGIN, ActivityAction.PAGE_VIEW, ActivityAction.API_CALL, ActivityAction.LOGOUT};

  private final SimState sim;
  private final UserPopulation users;

  ActivityTraffic(SimState sim, UserPopulation users) {
    this.sim = sim;
    this.users = users;
  }

  ActivityEvent next() {
    ActivityEvent.Builder event = ActivityEvent.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("web", "web-" + sim.random.nextInt(2)));
    if (sim.chance(0.05)) {
      return event.setUserId(users.register()).setPlan(UserPopulation.FREE).setAction(ActivityAction.REGISTRATION).build();
    }
    int user = users.pickActive();
    return event.setUserId(users.id(user)).setPlan(users.plan(user)).setAction(ACTIONS[sim.pick(55, 30, 10, 5)]).build();
  }
}
