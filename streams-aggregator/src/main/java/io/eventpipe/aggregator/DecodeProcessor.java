package io.eventpipe.aggregator;

import io.eventpipe.schemas.EventType;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.deadletter.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes input bytes into events; a record that fails decoding or validation is forwarded as
 * {@link Routed.Refused} carrying the dead-letter headers (reason, detail, source topic, partition, offset).
 */
final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], byte[], Routed<T>> {
  private final EventCodec<T> codec;
  private final Runnable onRecord;
  private ProcessorContext<byte[], Routed<T>> context;

  DecodeProcessor(EventType<T> type, Runnable onRecord) {
    this.codec = EventCodec.of(type);
    this.onRecord = onRecord;
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
      RecordMetadata origin = context.recordMetadata().orElseThrow();
      var headers = DeadLetter.headers(failure.reason(), failure.detail(), origin.topic(), origin.partition(),
          origin.offset());
      Routed<T> refused = new Routed.Refused<>(record.value(), failure.reason(), record.timestamp());
      context.forward(record.withValue(refused).withHeaders(headers));
    } else {
      Routed<T> accepted = new Routed.Accepted<>(decoded.event());
      context.forward(record.withValue(accepted));
    }
  }
}
