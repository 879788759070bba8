package io.eventpipe.aggregator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives input records their event's own time, so Kafka Streams interleaves partitions by event time (and the
 * repartitioned deltas carry it) even when producers stamped records with the time they sent them.
 *
 * <p>Hand-written rather than a full decode because this runs on every record before the decoder does: every
 * event schema starts with {@code event_id: string, event_time: long}, so in Avro single-object encoding the
 * time is the second varint after the 10-byte header. JSON and undecodable records keep their record
 * timestamp (the decoder refuses the latter anyway).
 */
final class EventTimeExtractor implements TimestampExtractor {
  private static final int HEADER = 10;

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof byte[] bytes && bytes.length > HEADER && bytes[0] == (byte) 0xC3
        && bytes[1] == (byte) 0x01) {
      long[] cursor = {HEADER};
      long idLength = zigzag(bytes, cursor);
      if (idLength >= 0 && cursor[0] + idLength < bytes.length) {
        cursor[0] += idLength;
        long eventTime = zigzag(bytes, cursor);
        if (eventTime > 0) {
          return eventTime;
        }
      }
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
  }

  /** Reads one Avro zig-zag varint at cursor[0], advancing it; -1 when the bytes end first. */
  private static long zigzag(byte[] bytes, long[] cursor) {
    long raw = 0;
    for (int shift = 0; shift < 64 && cursor[0] < bytes.length; shift += 7) {
      byte b = bytes[(int) cursor[0]++];
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    return -1;
  }
}
