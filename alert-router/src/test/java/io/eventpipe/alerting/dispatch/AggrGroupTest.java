package io.eventpipe.alerting.dispatch;

import io.eventpipe.alerting.alert.Matchers;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.notify.Notification;
import io.eventpipe.alerting.notify.Receiver;
import io.eventpipe.alerting.notify.WebhookConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Alertmanager's aggregation-group timers and dedup, step by step with explicit clock values (ms). */
class AggrGroupTest {
  private static final long S = 1000;
  private final RouteOpts opts = new RouteOpts("r", Set.of("alertname"), false, Duration.ofSeconds(30),
      Duration.ofMinutes(5), Duration.ofHours(4));
  private final Route route = new Route("0", "{}", Matchers.NONE, false, opts, List.of());
  private final Receiver receiver = new Receiver("r", List.of(new WebhookConfig("http://a", 0, true),
      new WebhookConfig("http://b", 0, false)));

  private static Alert alert(String instance, long start, long end) {
    return new Alert(Map.of("alertname", "A", "instance", instance), Map.of(), start, end, "", start, false);
  }

  private AggrGroup.Flush flush(AggrGroup g, long now) {
    return g.flush(opts, receiver, Muter.NONE, now);
  }

  @Test
  void firstFlushAfterGroupWaitThenChangesAfterGroupInterval() {
    AggrGroup g = AggrGroup.create(route, Map.of("alertname", "A"), 0).insert(alert("i1", 0, 0), opts, 0);
    assertThat(g.due(29 * S)).isFalse();
    assertThat(g.due(30 * S)).isTrue();
    AggrGroup.Flush first = flush(g, 30 * S);
    assertThat(first.notifications()).hasSize(2);
    assertThat(first.notifications().get(0).alerts()).extracting(a -> a.labels().get("instance")).containsExactly("i1");
    g = first.allDelivered().insert(alert("i2", 40 * S, 0), opts, 40 * S);
    assertThat(g.due(30 * S + 5 * 60 * S - 1)).isFalse();
    AggrGroup.Flush second = flush(g, 30 * S + 5 * 60 * S);
    assertThat(second.notifications()).hasSize(2);
    assertThat(second.notifications().get(0).alerts()).hasSize(2);
    // nothing changed: no notification at the next interval
    assertThat(flush(second.allDelivered(), 30 * S + 10 * 60 * S).notifications()).isEmpty();
  }

  @Test
  void alertOlderThanGroupWaitFlushesAtOnceBeforeFirstFlushOnly() {
    AggrGroup g = AggrGroup.create(route, Map.of("alertname", "A"), 100 * S).insert(alert("i1", 0, 0), opts, 100 * S);
    assertThat(g.due(100 * S)).isTrue();
    AggrGroup after = flush(g, 100 * S).allDelivered().insert(alert("i2", 0, 0), opts, 101 * S);
    assertThat(after.due(101 * S)).isFalse();
    assertThat(after.nextFlushAt()).isEqualTo(100 * S + 300 * S);
  }

  @Test
  void repeatsAfterRepeatIntervalAtTheNextGroupIntervalTick() {
    AggrGroup g = flush(AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0), 30 * S).allDelivered();
    long t = 30 * S;
    int repeats = 0;
    long firstRepeatAt = -1;
    while (t < 30 * S + 4 * 3600 * S + 10 * 60 * S) {
      t += 5 * 60 * S;
      AggrGroup.Flush f = flush(g, t);
      g = f.allDelivered();
      if (!f.notifications().isEmpty() && firstRepeatAt < 0) {
        firstRepeatAt = t;
      }
      repeats += f.notifications().isEmpty() ? 0 : 1;
    }
    // 4h after the first send at 30s, the next tick is 30s + 4h5m (4h exactly is not "before now - repeat").
    assertThat(firstRepeatAt).isEqualTo(30 * S + 4 * 3600 * S + 5 * 60 * S);
    assertThat(repeats).isEqualTo(1);
  }

  @Test
  void resolvedNotificationsOnlyForSendResolvedIntegrationsThenGroupEmpties() {
    AggrGroup g = flush(AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0), 30 * S).allDelivered();
    g = g.insert(alert("i1", 0, 60 * S), opts, 60 * S);
    AggrGroup.Flush f = flush(g, 330 * S);
    assertThat(f.notifications()).hasSize(1);
    Notification n = f.notifications().get(0);
    assertThat(n.integrationIndex()).isEqualTo(0);
    assertThat(n.status()).isEqualTo("resolved");
    assertThat(n.alerts().get(0).status()).isEqualTo("resolved");
    // the integration without send_resolved logged the all-resolved state at once (nothing to send)
    assertThat(f.group().nflog().get(1).firing()).isEmpty();
    // the resolved alert stays until its notification was accepted, then the group empties
    assertThat(f.group().isEmpty()).isFalse();
    assertThat(f.allDelivered().isEmpty()).isTrue();
  }

  @Test
  void mutedAlertsAreLeftOutAndNotifiedOnceUnmuted() {
    AggrGroup g = AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0);
    Muter silenceI1 = (labels, now) -> "i1".equals(labels.get("instance"));
    AggrGroup.Flush muted = g.flush(opts, receiver, silenceI1, 30 * S);
    assertThat(muted.notifications()).isEmpty();
    AggrGroup.Flush unmuted = flush(muted.group(), 330 * S);
    assertThat(unmuted.notifications()).hasSize(2);
  }

  @Test
  void failedDeliveryIsNotLoggedSoTheNextFlushSendsItAgain() {
    AggrGroup.Flush first = flush(AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0), 30 * S);
    assertThat(first.notifications()).hasSize(2);
    // integration 0 accepted, integration 1 failed: only 0 is in the log
    AggrGroup g = first.group().delivered(0, first.pendingLog().get(0));
    assertThat(g.nflog()).containsOnlyKeys(0);
    AggrGroup.Flush retry = flush(g, 330 * S);
    assertThat(retry.notifications()).extracting(Notification::integrationIndex).containsExactly(1);
    assertThat(flush(retry.allDelivered(), 630 * S).notifications()).isEmpty();
  }

  @Test
  void resolvedAlertUpdatedDuringDeliveryIsKept() {
    AggrGroup g = flush(AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0), 30 * S).allDelivered();
    AggrGroup.Flush resolved = flush(g.insert(alert("i1", 0, 60 * S), opts, 60 * S), 330 * S);
    // while the resolved notification is in delivery the alert fires again (a newer update)
    AggrGroup refired = resolved.group().insert(new Alert(Map.of("alertname", "A", "instance", "i1"), Map.of(), 0, 0,
        "", 340 * S, false), opts, 340 * S);
    AggrGroup after = refired.delivered(0, resolved.pendingLog().get(0)).removeResolved(resolved.resolvedSnapshot());
    assertThat(after.alerts()).hasSize(1);
    assertThat(after.alerts().values().iterator().next().resolvedAt(340 * S)).isFalse();
  }

  @Test
  void firedAndResolvedWithinOneIntervalIsNotNotified() {
    AggrGroup g = flush(AggrGroup.create(route, Map.of(), 0).insert(alert("i1", 0, 0), opts, 0), 30 * S).allDelivered();
    g = g.insert(alert("i2", 60 * S, 120 * S), opts, 60 * S);
    AggrGroup.Flush f = flush(g, 330 * S);
    // i2 is resolved, i1 unchanged: only the send_resolved integration notifies (i2 newly resolved)
    assertThat(f.notifications()).extracting(Notification::integrationIndex).containsExactly(0);
  }
}
