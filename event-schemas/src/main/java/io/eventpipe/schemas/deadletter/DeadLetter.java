package io.eventpipe.schemas.deadletter;

import io.eventpipe.schemas.codec.FailureReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter contract: a refused record keeps its original key and bytes, and these headers say
 * why it was refused and where it came from, so it can be inspected and replayed.
 */
public final class DeadLetter {
  private DeadLetter() {}

  public static final String REASON = "dlq.reason";
  public static final String DETAIL = "dlq.detail";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  public static Headers headers(FailureReason reason, String detail, String topic, int partition, long offset) {
    return headers(reason.headerValue(), detail, topic, partition, offset);
  }

  public static Headers headers(String reason, String detail, String topic, int partition, long offset) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, utf8(reason));
    headers.add(DETAIL, utf8(detail == null ? "" : detail));
    headers.add(SOURCE_TOPIC, utf8(topic));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    return headers;
  }

  /** A header's value as text, or null when absent. */
  public static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
