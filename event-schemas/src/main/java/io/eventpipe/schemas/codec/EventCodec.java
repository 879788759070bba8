package io.eventpipe.schemas.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventpipe.schemas.EventType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns events into bytes and bytes into events for one event type.
 *
 * <p>Out: Avro single-object encoding (marker C3 01, the 8-byte schema fingerprint, the binary body), so
 * every record says which schema wrote it and a reader resolves any version it knows. In: that encoding or
 * a plain JSON object, told apart by the first byte. Decoding never throws; a record that is not a valid
 * event comes back as {@link Decoded.Failure} for the caller to dead-letter.
 *
 * <p>Why not Confluent's KafkaAvroSerializer: it is not on Maven Central, which is all this project may
 * use, and it needs a running Schema Registry. Single-object encoding carries the same information (a
 * schema id in the record) without a service. A registry-backed codec would plug in as an
 * {@link org.apache.avro.message.SchemaStore} given to the decoder below, fetching unknown fingerprints.
 */
public final class EventCodec<T extends SpecificRecord> {
  /** Records above this size are refused before parsing; events are a few hundred bytes. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  static {
    // Avro trusts length prefixes up to ~2 GiB; garbage bytes must not trigger huge allocations.
    setIfAbsent("org.apache.avro.limits.string.maxLength", MAX_RECORD_BYTES);
    setIfAbsent("org.apache.avro.limits.bytes.maxLength", MAX_RECORD_BYTES);
    setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", 100_000);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventType<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private EventCodec(EventType<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type.javaClass());
    this.encoder = new BinaryMessageEncoder<>(model, type.schema());
    this.decoder = new BinaryMessageDecoder<>(model, type.schema());
    for (Schema old : SchemaHistory.versionsOf(type.schema().getName())) {
      decoder.addSchema(old);
    }
  }

  public static <T extends SpecificRecord> EventCodec<T> of(EventType<T> type) {
    return new EventCodec<>(type);
  }

  public EventType<T> type() {
    return type;
  }

  public byte[] encode(T event) {
    try {
      ByteBuffer buffer = encoder.encode(event);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException("encoding " + type.name() + " failed", e);
    }
  }

  /**
   * {@code event}, decoded from {@code original}, as Avro single-object bytes: {@code original} itself when it is
   * already (of this or an older schema version, which every decoder of this type reads), else encoded. Lets a
   * repartition pass an event on without re-encoding it.
   */
  public byte[] avroBytes(byte[] original, T event) {
    return isAvro(original) ? original : encode(event);
  }

  private static boolean isAvro(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
  }

  /** Decodes and validates one record value. Never throws. */
  public Decoded<T> decode(byte[] bytes) {
    Decoded<T> decoded = parse(bytes);
    if (decoded instanceof Decoded.Ok<T> ok) {
      List<String> problems = type.validate(ok.event());
      if (!problems.isEmpty()) {
        return Decoded.failure(FailureReason.INVALID_VALUE, String.join("; ", problems));
      }
    }
    return decoded;
  }

  private Decoded<T> parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return Decoded.failure(FailureReason.EMPTY, "empty record value");
    }
    if (bytes.length > MAX_RECORD_BYTES) {
      return Decoded.failure(FailureReason.TOO_LARGE, bytes.length + " bytes > " + MAX_RECORD_BYTES);
    }
    try {
      if (isAvro(bytes)) {
        return fromAvro(bytes);
      }
      if (startsLikeJson(bytes)) {
        return fromJson(bytes);
      }
      return Decoded.failure(FailureReason.UNKNOWN_FORMAT,
          "neither Avro single-object encoding (C3 01 ...) nor a JSON object; first byte 0x"
              + String.format("%02x", bytes[0] & 0xff));
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // Defensive: any library failure on hostile input is a failed record, not a failed pipeline.
      return Decoded.failure(FailureReason.MALFORMED_AVRO, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Decoded<T> fromAvro(byte[] bytes) {
    try {
      return Decoded.ok(decoder.decode(bytes));
    } catch (MissingSchemaException e) {
      return Decoded.failure(FailureReason.UNKNOWN_SCHEMA,
          "no known " + type.schema().getName() + " schema has this fingerprint: " + e.getMessage());
    } catch (IOException | AvroRuntimeException e) {
      return Decoded.failure(FailureReason.MALFORMED_AVRO, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Decoded<T> fromJson(byte[] bytes) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      return Decoded.failure(FailureReason.MALFORMED_JSON, e.getOriginalMessage());
    } catch (IOException e) {
      return Decoded.failure(FailureReason.MALFORMED_JSON, e.getMessage());
    }
    if (node == null || !node.isObject()) {
      return Decoded.failure(FailureReason.MALFORMED_JSON, "expected one JSON object per record");
    }
    try {
      Object generic = JsonRecordReader.read(node, type.schema());
      @SuppressWarnings("unchecked")
      T event = (T) SpecificData.getForClass(type.javaClass()).deepCopy(type.schema(), generic);
      return Decoded.ok(event);
    } catch (JsonRecordReader.Mismatch e) {
      return Decoded.failure(e.reason, e.getMessage());
    }
  }

  private static boolean startsLikeJson(byte[] bytes) {
    int i = 0;
    if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      i = 3; // UTF-8 byte order mark
    }
    for (; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{';
    }
    return false;
  }

  private static void setIfAbsent(String property, int value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Integer.toString(value));
    }
  }
}
