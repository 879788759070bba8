package io.eventpipe.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {
  private final EventTimeExtractor extractor = new EventTimeExtractor();

  private long extract(byte[] value, long recordTimestamp) {
    ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, recordTimestamp, TimestampType.CREATE_TIME,
        0, 0, null, value, new RecordHeaders(), Optional.empty());
    return extractor.extract(record, 5);
  }

  @Test
  void avroEventsGiveTheirOwnEventTimeOtherRecordsTheirRecordTimestamp() {
    byte[] request = EventCodec.of(EventTypes.REQUEST).encode(Events.request(Events.T0 + 123, "GET", "/x", 200, 0.1, null));
    byte[] gpu = EventCodec.of(EventTypes.GPU).encode(Events.gpu(Events.T0 + 7, "h", 0, 50, 1L));
    assertThat(extract(request, 99)).isEqualTo(Events.T0 + 123);
    assertThat(extract(gpu, 99)).isEqualTo(Events.T0 + 7);
    assertThat(extract("{\"event_time\":1}".getBytes(StandardCharsets.UTF_8), 99)).isEqualTo(99);
    assertThat(extract(new byte[] {(byte) 0xC3, 1, 2}, 99)).isEqualTo(99);
    assertThat(extract(new byte[] {(byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF}, -1)).isEqualTo(5);
  }
}
