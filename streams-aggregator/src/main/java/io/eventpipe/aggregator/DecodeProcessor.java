package io.eventpipe.aggregator;

import io.eventpipe.events.BillingEvent;
import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.FailureReason;
import io.eventpipe.schemas.deadletter.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the records of every input topic into {@link Derived}: an accepted event with its metric deltas, or a
 * refused record with the dead-letter headers (reason, detail, source topic, partition, offset) when it fails
 * decoding or validation, or when its event time cannot be trusted (further ahead of the wall clock than the allowed
 * skew, or older than its topic's retention). Such times never reach a clock. One processor for all input topics, so
 * an event crosses as few processor nodes as possible on the way to the pre-aggregator, and each record is forwarded
 * only to the children it concerns (every record to the pre-aggregator, refused ones to the dead-letter branch,
 * billing events to the subscription branch) rather than to every child to be filtered there.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], Derived> {
  /** The processor names of this node's children in {@link AggregatorTopology}. */
  static final String PRE_AGGREGATOR = "pre-aggregator";
  static final String REFUSED = "refused";
  static final String BILLING = "billing-events";

  private final Map<String, Input<?>> byTopic = new HashMap<>();
  private final Runnable onRecord;
  private final long maxFutureSkew;
  private ProcessorContext<byte[], Derived> context;

  /** One input topic's event type, codec, deltas and retention (0 when kept forever). */
  private record Input<T extends SpecificRecord>(EventType<T> type, EventCodec<T> codec,
      Function<T, List<Delta>> deltas, long retention) {

    static <T extends SpecificRecord> Input<T> of(EventType<T> type, EventDeltas deltas) {
      return new Input<>(type, EventCodec.of(type), deltas.of(type), retentionOf(type));
    }
  }

  DecodeProcessor(EventDeltas deltas, Runnable onRecord, Duration maxFutureSkew) {
    EventTypes.INPUTS.forEach(type -> byTopic.put(type.topic().name(), Input.of(type, deltas)));
    this.onRecord = onRecord;
    this.maxFutureSkew = maxFutureSkew.toMillis();
  }

  /** The topics this processor decodes. */
  static List<String> topics() {
    return EventTypes.INPUTS.stream().map(type -> type.topic().name()).toList();
  }

  @Override
  public void init(ProcessorContext<byte[], Derived> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    onRecord.run();
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    decode(byTopic.get(origin.topic()), record, origin);
  }

  private <T extends SpecificRecord> void decode(Input<T> input, Record<byte[], byte[]> record, RecordMetadata origin) {
    Decoded<T> decoded = input.codec().decode(record.value());
    if (decoded instanceof Decoded.Failure<T> failure) {
      refuse(record, origin, failure.reason(), failure.detail());
      return;
    }
    T event = decoded.event();
    long eventTime = input.type().eventTime(event);
    Refusal refusal = clockRefusal(input.type(), eventTime, context.currentSystemTimeMs(), maxFutureSkew,
        input.retention());
    if (refusal != null) {
      refuse(record, origin, refusal.reason(), refusal.detail());
    } else {
      Record<byte[], Derived> accepted = record.withValue(
          Derived.accepted(event, eventTime, input.deltas().apply(event), record.value()));
      context.forward(accepted, PRE_AGGREGATOR);
      if (event instanceof BillingEvent) {
        context.forward(accepted, BILLING);
      }
    }
  }

  /** Why an event time cannot be trusted, or null when it can (the rule replay applies too). */
  static Refusal clockRefusal(EventType<?> type, long eventTime, long now, long maxFutureSkew, long retention) {
    if (eventTime - now > maxFutureSkew) {
      return new Refusal(FailureReason.FUTURE_EVENT_TIME, "event_time " + eventTime + " is " + (eventTime - now)
          + " ms ahead of the wall clock (allowed: " + maxFutureSkew + " ms)");
    } else if (now - eventTime > retention) {
      return new Refusal(FailureReason.EXPIRED_EVENT_TIME, "event_time " + eventTime + " is older than the "
          + type.topic().name() + " retention of " + type.topic().retention());
    }
    return null;
  }

  /** The topic's retention in ms, {@link Long#MAX_VALUE} when it keeps everything. */
  static long retentionOf(EventType<?> type) {
    return type.topic().retention() == null ? Long.MAX_VALUE : type.topic().retention().toMillis();
  }

  /** A refusal's reason and detail. */
  record Refusal(FailureReason reason, String detail) {}

  private void refuse(Record<byte[], byte[]> record, RecordMetadata origin, FailureReason reason, String detail) {
    var headers = DeadLetter.headers(reason, detail, origin.topic(), origin.partition(), origin.offset());
    Derived refused = Derived.refused(record.value(),
        EventDeltas.deadLetter(origin.topic(), reason.headerValue(), record.timestamp()));
    Record<byte[], Derived> out = record.withValue(refused).withHeaders(headers);
    context.forward(out, REFUSED);
    context.forward(out, PRE_AGGREGATOR);
  }
}
