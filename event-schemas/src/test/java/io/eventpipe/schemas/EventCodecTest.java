package io.eventpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.CustomEvent;
import io.eventpipe.events.RequestEvent;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import io.eventpipe.schemas.codec.FailureReason;
import io.eventpipe.schemas.codec.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void everySchemaRoundTripsThroughAvro() {
    Samples.all().forEach((type, event) -> {
      byte[] bytes = encode(type, event);
      assertThat(bytes[0]).isEqualTo((byte) 0xC3);
      assertThat(bytes[1]).isEqualTo((byte) 0x01);
      assertThat(decode(type, bytes)).isEqualTo(Decoded.ok(event));
    });
  }

  @Test
  void everySchemaRoundTripsThroughPlainJson() {
    // Avro's toString is plain JSON (unions unwrapped): exactly what a non-JVM client writes.
    Samples.all().forEach((type, event) -> {
      byte[] json = event.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(decode(type, json)).as(type.name()).isEqualTo(Decoded.ok(event));
    });
  }

  @Test
  void aRecordWrittenWithAnOlderSchemaVersionDecodesWithTheCurrentReader() throws Exception {
    Schema v1 = SchemaHistory.versionsOf("RequestEvent").get(0);
    assertThat(v1.getField("plan")).isNull();
    GenericData.Record old = new GenericData.Record(v1);
    GenericData.Record source = new GenericData.Record(v1.getField("source").schema());
    source.put("service", "api");
    source.put("instance", "api-0");
    old.put("event_id", "e-1");
    old.put("event_time", Samples.T);
    old.put("source", source);
    old.put("method", "POST");
    old.put("route", "/generate");
    old.put("status_code", 202);
    old.put("duration_seconds", 0.3);

    Decoded<RequestEvent> decoded = EventCodec.of(EventTypes.REQUEST).decode(singleObject(v1, old));

    RequestEvent event = decoded.event();
    assertThat(event.getRoute()).isEqualTo("/generate");
    assertThat(event.getStatusCode()).isEqualTo(202);
    assertThat(event.getPlan()).isNull();
    assertThat(event.getRequestBytes()).isNull();
  }

  @Test
  void aRecordFromAnUnknownSchemaIsATypedFailure() throws Exception {
    Schema alien = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"RequestEvent\",\"namespace\":\"x\",\"fields\":[{\"name\":\"z\",\"type\":\"int\"}]}");
    GenericData.Record record = new GenericData.Record(alien);
    record.put("z", 1);
    Decoded<RequestEvent> decoded = EventCodec.of(EventTypes.REQUEST).decode(singleObject(alien, record));
    assertThat(decoded).isInstanceOf(Decoded.Failure.class);
    assertThat(((Decoded.Failure<RequestEvent>) decoded).reason()).isEqualTo(FailureReason.UNKNOWN_SCHEMA);
  }

  @Test
  void jsonFailuresNameTheField() {
    EventCodec<RequestEvent> codec = EventCodec.of(EventTypes.REQUEST);
    String valid = Samples.request().toString();

    assertFailure(codec, valid.replace("\"route\": \"/users/{id}\", ", ""), FailureReason.MISSING_FIELD, "route");
    assertFailure(codec, valid.replace("\"status_code\": 200", "\"status_code\": \"200\""), FailureReason.INVALID_FIELD, "status_code");
    assertFailure(codec, valid.replace("\"duration_seconds\": 0.042", "\"duration_seconds\": -1.5"), FailureReason.INVALID_VALUE, "duration_seconds");
    assertFailure(codec, "{\"event_id\": ", FailureReason.MALFORMED_JSON, "");
    assertFailure(codec, "[1,2]", FailureReason.UNKNOWN_FORMAT, "");
    assertFailure(EventCodec.of(EventTypes.GENERATION),
        Samples.generation().toString().replace("\"COMPLETED\"", "\"EXPLODED\""), FailureReason.INVALID_FIELD, "status");
    assertFailure(EventCodec.of(EventTypes.GENERATION),
        Samples.generation().toString().replace("\"COMPLETED\"", "\"UNKNOWN\""), FailureReason.INVALID_FIELD, "status");
  }

  @Test
  void customEventsFromJsonKeepTheirMapsAndBadOnesNameTheField() {
    EventCodec<CustomEvent> codec = EventCodec.of(EventTypes.CUSTOM);
    String valid = """
        {"event_id":"c-1","event_time":1763800000000,"source":{"service":"api","instance":"api-1"},
         "name":"cache_lookup","attributes":{"cache_type":"redis","result":"hit"},"measurements":{"duration_seconds":0.002}}
        """;
    CustomEvent event = codec.decode(valid.getBytes(StandardCharsets.UTF_8)).event();
    assertThat(event.getName()).isEqualTo("cache_lookup");
    assertThat(event.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("cache_type", "redis", "result", "hit"));
    assertThat(event.getMeasurements()).containsExactlyEntriesOf(Map.of("duration_seconds", 0.002));
    assertThat(codec.decode(valid.replace(",\"measurements\":{\"duration_seconds\":0.002}", "")
        .getBytes(StandardCharsets.UTF_8)).event().getMeasurements()).isEmpty();

    assertFailure(codec, valid.replace("\"name\":\"cache_lookup\",", ""), FailureReason.MISSING_FIELD, "name");
    assertFailure(codec, valid.replace("0.002", "\"fast\""), FailureReason.INVALID_FIELD, "measurements.duration_seconds");
    assertFailure(codec, valid.replace("\"redis\"", "7"), FailureReason.INVALID_FIELD, "attributes.cache_type");
    assertFailure(codec, valid.replace("cache_lookup", "Cache Lookup"), FailureReason.INVALID_VALUE, "name");
  }

  @Test
  void jsonFromOtherLanguagesIsAccepted() {
    String json = """
        {"event_id":"e-9","event_time":1763800000000,"source":{"service":"web","instance":"web-1"},
         "method":"POST","route":"/orders","status_code":503,"duration_seconds":1.25,"user_id":"u9","extra":"ignored"}
        """;
    RequestEvent event = EventCodec.of(EventTypes.REQUEST).decode(json.getBytes(StandardCharsets.UTF_8)).event();
    assertThat(event.getStatusCode()).isEqualTo(503);
    assertThat(event.getUserId()).isEqualTo("u9");
    assertThat(event.getPlan()).isNull();
  }

  @Test
  void tenThousandGarbageValuesGiveTypedFailuresAndNeverThrow() {
    Random random = new Random(7);
    Map<FailureReason, Integer> reasons = new EnumMap<>(FailureReason.class);
    for (EventType<?> type : EventTypes.ALL) {
      EventCodec<?> codec = EventCodec.of(type);
      byte[] valid = encode(type, Samples.all().get(type));
      for (int i = 0; i < 10_000; i++) {
        byte[] garbage = garbage(random, i, valid);
        Decoded<?> decoded = codec.decode(garbage);
        if (decoded instanceof Decoded.Failure<?> failure) {
          reasons.merge(failure.reason(), 1, Integer::sum);
          assertThat(failure.detail()).isNotNull();
        }
      }
    }
    // Every family of garbage was exercised, and each was recognised as what it is.
    assertThat(reasons).containsKeys(FailureReason.EMPTY, FailureReason.UNKNOWN_FORMAT, FailureReason.UNKNOWN_SCHEMA,
        FailureReason.MALFORMED_AVRO, FailureReason.MALFORMED_JSON);
  }

  /** Random bytes, bytes behind a valid Avro header, truncated and bit-flipped valid records, broken JSON. */
  private static byte[] garbage(Random random, int i, byte[] valid) {
    switch (i % 6) {
      case 0 -> {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
      }
      case 1 -> {
        byte[] b = new byte[2 + random.nextInt(64)];
        random.nextBytes(b);
        b[0] = (byte) 0xC3;
        b[1] = 0x01;
        return b;
      }
      case 2 -> {
        byte[] b = valid.clone();
        for (int k = 10; k < b.length; k++) {
          b[k] = (byte) random.nextInt(256); // valid header and fingerprint, hostile body
        }
        return b;
      }
      case 3 -> {
        return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
      }
      case 4 -> {
        byte[] b = valid.clone();
        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        return b;
      }
      default -> {
        String s = "{\"event_id\":" + random.nextInt() + ",\"x\":[" + "{".repeat(random.nextInt(3));
        return s.getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  private static void assertFailure(EventCodec<?> codec, String json, FailureReason reason, String field) {
    Decoded<?> decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded).as(json).isInstanceOf(Decoded.Failure.class);
    Decoded.Failure<?> failure = (Decoded.Failure<?>) decoded;
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.detail()).contains(field);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static byte[] encode(EventType<?> type, Object event) {
    return ((EventCodec) EventCodec.of(type)).encode((SpecificRecord) event);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Decoded<?> decode(EventType<?> type, byte[] bytes) {
    return EventCodec.of((EventType) type).decode(bytes);
  }

  /** Avro single-object encoding written by hand with a given writer schema, as an old producer would. */
  private static byte[] singleObject(Schema writer, GenericData.Record record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC3);
    out.write(0x01);
    long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
    for (int i = 0; i < 8; i++) {
      out.write((int) (fingerprint >>> (8 * i)) & 0xff);
    }
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(writer).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
