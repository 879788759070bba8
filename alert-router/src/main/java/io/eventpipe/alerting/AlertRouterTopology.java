package io.eventpipe.alerting;

import io.eventpipe.alerting.alert.Alert;
import io.eventpipe.alerting.alert.AlertMerger;
import io.eventpipe.alerting.alert.AlertStateStore;
import io.eventpipe.alerting.alert.Intake;
import io.eventpipe.alerting.config.AlertmanagerConfig;
import io.eventpipe.alerting.dispatch.AggrGroup;
import io.eventpipe.alerting.dispatch.GroupProcessor;
import io.eventpipe.alerting.dispatch.Route;
import io.eventpipe.alerting.dispatch.RoutedAlert;
import io.eventpipe.alerting.inhibit.Inhibitor;
import io.eventpipe.alerting.notify.NotificationSink;
import io.eventpipe.alerting.rules.RuleEvaluator;
import io.eventpipe.alerting.rules.RuleGroup;
import io.eventpipe.alerting.silence.Silence;
import io.eventpipe.alerting.silence.SilenceStore;
import io.eventpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert router as one Kafka Streams topology: alert intake and merging (in the partition of the alert's
 * fingerprint, which is the incoming topic's key), rule evaluation on aggregates, routing to groups
 * (repartitioned by group id so each group has exactly one owner) and group timers, whose notifications go to the
 * {@link NotificationSink} of the instance owning the group. Silences and merged alerts are global stores for
 * muting. Two Kafka hops from a posted alert to its receiver: the incoming topic and the group repartition.
 */
public final class AlertRouterTopology {
  /** How long resolved alerts stay listed and can be merged into (Alertmanager's GC keeps them up to 30 min). */
  static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

  private AlertRouterTopology() {}

  /**
   * @param tick how often due group timers are looked up (wall clock, from an index: cheap); Alertmanager's timers
   *     are exact, a tick adds at most its length
   * @param sink delivers the notifications of the groups this instance owns and reports the outcomes
   */
  public record Config(AlertmanagerConfig alertmanager, List<RuleGroup> rules, Duration tick, NotificationSink sink) {}

  public static Topology build(Config config) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addGlobalStore(SilenceStore.builder(), Topics.SILENCES.name(),
        Consumed.with(Serdes.String(), Json.serde(Silence.class)), SilenceStore.Updater::new);
    builder.addGlobalStore(AlertStateStore.builder(), Topics.ALERT_STATE.name(),
        Consumed.with(Serdes.String(), Json.serde(Alert.class)), AlertStateStore.Updater::new);
    if (!config.rules().isEmpty()) {
      RuleEvaluator.addTo(builder, config.rules());
    }

    KStream<String, Intake> intake = builder.stream(Topics.ALERTS.name(), Consumed.with(Serdes.String(),
        Serdes.ByteArray())).process(Intake.Decoder::new, Named.as("alert-intake"));
    intake.filter((k, v) -> v.alert() == null).mapValues(Intake::raw)
        .to(Topics.DEAD_LETTER.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
    KStream<String, Alert> valid = intake.filter((k, v) -> v.alert() != null).mapValues(Intake::alert);
    // The topic's key is the fingerprint (API, rules); a record keyed otherwise goes round once, re-keyed.
    valid.filter((k, alert) -> !alert.fingerprint().equals(k))
        .map((k, alert) -> KeyValue.pair(alert.fingerprint(), Json.write(alert)), Named.as("alert-rekey"))
        .to(Topics.ALERTS.name(), Produced.with(Serdes.String(), Serdes.ByteArray()));

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertMerger.STORE),
        Serdes.String(), Json.serde(Alert.class)));
    KStream<String, Alert> merged = valid.filter((k, alert) -> alert.fingerprint().equals(k))
        .process(() -> new AlertMerger(RESOLVED_RETENTION), Named.as("alert-merge"), AlertMerger.STORE);
    merged.to(Topics.ALERT_STATE.name(), Produced.with(Serdes.String(), Json.serde(Alert.class)));
    merged = merged.filter((fingerprint, alert) -> alert != null);

    Route root = config.alertmanager().route();
    // Cached: a group written on insert, flush and delivery outcome within one commit reaches its changelog once.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GroupProcessor.STORE),
        Serdes.String(), Json.serde(AggrGroup.class)).withCachingEnabled());
    merged.flatMap((fingerprint, alert) -> {
          List<KeyValue<String, RoutedAlert>> out = new ArrayList<>();
          for (Route route : root.match(alert.labels())) {
            out.add(KeyValue.pair(AggrGroup.groupId(route, route.opts().groupLabels(alert.labels())),
                new RoutedAlert(route.id(), alert)));
          }
          return out;
        }, Named.as("alert-route"))
        .repartition(Repartitioned.<String, RoutedAlert>as("alerts-by-group")
            .withKeySerde(Serdes.String()).withValueSerde(Json.serde(RoutedAlert.class)))
        .process(() -> new GroupProcessor(root, config.alertmanager().receivers(),
            new Inhibitor(config.alertmanager().inhibitRules()), config.tick(), config.sink(),
            config.alertmanager().timeIntervals()),
            Named.as("alert-groups"), GroupProcessor.STORE);
    return builder.build();
  }
}
