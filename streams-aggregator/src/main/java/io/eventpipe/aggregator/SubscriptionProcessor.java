package io.eventpipe.aggregator;

import io.eventpipe.events.BillingCycle;
import io.eventpipe.events.BillingEvent;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.FailureReason;
import io.eventpipe.schemas.deadletter.DeadLetter;
import io.eventpipe.schemas.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps every user's current subscription (a table keyed by user id) and turns each change into a partial of
 * the metrics.yml's {@code subscription_mrr} family (shipped as {@code subscription_mrr_usd}), so MRR is the sum over
 * users of their monthly-normalised price.
 * Prices are kept annualised in cents (monthly x 12, yearly x 1) so yearly plans stay exact integers.
 * Billing events arrive as the Avro bytes the upstream half passed on; one that does not decode (a corrupt record on
 * the repartition topic) is refused to the dead-letter topic with its reason and counted, like any input record.
 */
final class SubscriptionProcessor implements Processor<String, byte[], String, Routed<Update>> {
  static final String SUBSCRIPTIONS = "subscriptions";
  private static final EventCodec<BillingEvent> CODEC = EventCodec.of(EventTypes.BILLING);

  private final Family mrr;
  private TaskCache<Subscription> subscriptions;
  private ProcessorContext<String, Routed<Update>> context;

  /**
   * @param mrr the family the changes feed, or null when the metrics.yml defines none: the table is kept all the same,
   *     so the topology (and its task and state layout) does not depend on the file
   */
  SubscriptionProcessor(Family mrr) {
    this.mrr = mrr;
  }

  @Override
  public void init(ProcessorContext<String, Routed<Update>> context) {
    this.context = context;
    KeyValueStore<String, byte[]> store = context.getStateStore(SUBSCRIPTIONS);
    subscriptions = new TaskCache<>(SUBSCRIPTIONS, store, Subscription.SERDE, 10_000);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Decoded<BillingEvent> decoded = CODEC.decode(record.value());
    if (decoded instanceof Decoded.Failure<BillingEvent> failure) {
      RecordMetadata origin = context.recordMetadata().orElseThrow();
      refuse(record, failure.reason() == FailureReason.EMPTY ? FailureReason.EMPTY : FailureReason.UNDECODABLE_INTERNAL,
          failure.reason().headerValue() + ": " + failure.detail(), origin.topic(), origin.partition(), origin.offset());
      return;
    }
    BillingEvent e = decoded.event();
    String user = e.getUserId();
    Subscription before;
    try {
      before = subscriptions.get(user);
    } catch (UndecodableValue stored) {
      // Its share of MRR cannot be taken back: dead-lettered and counted, and the user starts afresh.
      refuse(record.withKey(user).withValue(stored.bytes()), FailureReason.UNDECODABLE_INTERNAL, stored.getMessage(),
          stored.changelog(context.applicationId()), context.taskId().partition(), -1);
      before = null;
    }
    Subscription after = next(before, e);
    if (after == null) {
      subscriptions.delete(user);
    } else {
      subscriptions.put(user, after);
    }
    long change = annualised(after) - annualised(before);
    if (change != 0 && mrr != null) {
      long t = e.getEventTime();
      Partial partial = new Partial(mrr.name(), Map.of(), Topics.BILLING.name(),
          t - Math.floorMod(t, ActiveUsers.MINUTE), mrr);
      partial.add(mrr, Delta.add(mrr, Map.of(), change, t, Topics.BILLING.name()));
      context.forward(new Record<>(partial.seriesId(), new Routed.Accepted<>(partial), t));
    }
  }

  /** {@code record} to the dead-letter topic, and its count, with {@code topic} (its source) as the count's label. */
  private void refuse(Record<String, byte[]> record, FailureReason reason, String detail, String topic, int partition,
      long offset) {
    var headers = DeadLetter.headers(reason, detail, topic, partition, offset);
    context.forward(new Record<String, Routed<Update>>(record.key(),
        new Routed.Refused<>(record.value(), reason, record.timestamp()), record.timestamp(), headers));
    Delta count = EventDeltas.deadLetter(topic, reason.headerValue(), record.timestamp());
    Partial partial = new Partial(count.metric(), count.labels(), topic,
        record.timestamp() - Math.floorMod(record.timestamp(), ActiveUsers.MINUTE), count.family());
    partial.add(count.family(), count);
    context.forward(new Record<>(partial.seriesId(), new Routed.Accepted<>(partial), record.timestamp()));
  }

  /** The user's subscription after a billing event: null when none (also used by the replay). */
  static Subscription next(Subscription before, BillingEvent e) {
    return switch (e.getKind()) {
      case SUBSCRIPTION_STARTED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_CHANGED -> new Subscription(e.getToPlan(),
          e.getBillingCycle() != null ? e.getBillingCycle() : before != null ? before.cycle() : BillingCycle.MONTHLY,
          e.getAmountMinor() != null ? e.getAmountMinor() : before != null ? before.amountMinor() : 0);
      case SUBSCRIPTION_CANCELLED -> null;
      default -> before;
    };
  }

  static long annualised(Subscription s) {
    if (s == null) {
      return 0;
    }
    return s.cycle() == BillingCycle.YEARLY ? s.amountMinor() : 12 * s.amountMinor();
  }

  /** A user's active subscription: plan, billing cycle and price per cycle in cents. */
  record Subscription(String plan, BillingCycle cycle, long amountMinor) {
    static final Serde<Subscription> SERDE = Binary.serde((s, out) -> {
      Binary.writeNullableUtf(s.plan(), out);
      out.writeByte(s.cycle().ordinal());
      out.writeLong(s.amountMinor());
    }, in -> new Subscription(Binary.readNullableUtf(in), BillingCycle.values()[in.readUnsignedByte()], in.readLong()));
  }
}
