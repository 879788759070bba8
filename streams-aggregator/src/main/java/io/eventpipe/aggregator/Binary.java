package io.eventpipe.aggregator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The fixed binary layout of the aggregator's private values (repartition records, store values): a format
 * version byte, then fields in declaration order via {@link DataOutputStream}. Hand-written rather than Avro
 * because these types never leave this module and a schema registry-free Avro encoding would still need a
 * schema per type; the version byte lets a newer release refuse (dead-letter) what it cannot read.
 */
final class Binary {
  private Binary() {}

  static final byte VERSION = 1;

  /** Writes one value's fields. */
  interface Writer<T> {
    void write(T value, DataOutputStream out) throws IOException;
  }

  /** Reads one value's fields. */
  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader) {
    Serializer<T> serializer = (topic, value) -> value == null ? null : encode(value, writer);
    Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes, reader);
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }

  static <T> byte[] encode(T value, Writer<T> writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writer.write(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Throws {@link SerializationException} naming what is wrong for bytes this version cannot read. */
  static <T> T decode(byte[] bytes, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException("unknown format version " + version + " (this release reads " + VERSION + ")");
      }
      T value = reader.read(in);
      if (in.available() != 0) {
        throw new SerializationException(in.available() + " trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException s) {
        throw s;
      }
      throw new SerializationException("truncated or corrupt record: " + e, e);
    }
  }

  static void writeLabels(Map<String, String> labels, DataOutputStream out) throws IOException {
    out.writeShort(labels.size());
    for (Map.Entry<String, String> label : labels.entrySet()) {
      out.writeUTF(label.getKey());
      out.writeUTF(label.getValue());
    }
  }

  static Map<String, String> readLabels(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    Map<String, String> labels = new LinkedHashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      labels.put(in.readUTF(), in.readUTF());
    }
    return labels;
  }

  static void writeLongs(long[] values, DataOutputStream out) throws IOException {
    out.writeShort(values == null ? -1 : values.length);
    if (values != null) {
      for (long v : values) {
        out.writeLong(v);
      }
    }
  }

  static long[] readLongs(DataInputStream in) throws IOException {
    int n = in.readShort();
    if (n < 0) {
      return null;
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readLong();
    }
    return values;
  }

  static void writeNullableUtf(String value, DataOutputStream out) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  static String readNullableUtf(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
