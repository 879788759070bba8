package io.eventpipe.aggregator;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.FailureReason;
import io.eventpipe.schemas.deadletter.DeadLetter;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes input bytes into events; a record that fails decoding or validation, or whose event time could not be
 * trusted (further ahead of the wall clock than the allowed skew, or older than its topic's retention), is
 * forwarded as {@link Routed.Refused} carrying the dead-letter headers (reason, detail, source topic, partition,
 * offset). Such times never reach a clock.
 */
final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], byte[], Routed<T>> {
  private final EventType<T> type;
  private final EventCodec<T> codec;
  private final Runnable onRecord;
  private final long maxFutureSkew;
  private final long retention;
  private ProcessorContext<byte[], Routed<T>> context;

  DecodeProcessor(EventType<T> type, Runnable onRecord, Duration maxFutureSkew) {
    this.type = type;
    this.codec = EventCodec.of(type);
    this.onRecord = onRecord;
    this.maxFutureSkew = maxFutureSkew.toMillis();
    this.retention = retentionOf(type);
  }

  @Override
  public void init(ProcessorContext<byte[], Routed<T>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    onRecord.run();
    Decoded<T> decoded = codec.decode(record.value());
    if (decoded instanceof Decoded.Failure<T> failure) {
      refuse(record, failure.reason(), failure.detail());
      return;
    }
    T event = decoded.event();
    Refusal refusal = clockRefusal(type, type.eventTime(event), context.currentSystemTimeMs(), maxFutureSkew, retention);
    if (refusal != null) {
      refuse(record, refusal.reason(), refusal.detail());
    } else {
      context.forward(record.withValue(new Routed.Accepted<>(event)));
    }
  }

  /** Why an event time seen at {@code now} cannot be trusted, or null when it can (also used by the replay). */
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

  /** The retention an event time is checked against: the topic's, unbounded when the topic keeps everything. */
  static long retentionOf(EventType<?> type) {
    return type.topic().retention() == null ? Long.MAX_VALUE : type.topic().retention().toMillis();
  }

  /** A refused record's reason and detail. */
  record Refusal(FailureReason reason, String detail) {}

  private void refuse(Record<byte[], byte[]> record, FailureReason reason, String detail) {
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    var headers = DeadLetter.headers(reason, detail, origin.topic(), origin.partition(), origin.offset());
    Routed<T> refused = new Routed.Refused<>(record.value(), reason, record.timestamp());
    context.forward(record.withValue(refused).withHeaders(headers));
  }
}
