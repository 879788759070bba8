package io.eventpipe.aggregator.replay;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Prometheus remote-write 1.0 {@code WriteRequest} messages (prometheus/prompb/remote.proto, types.proto), encoded
 * with protobuf-java's {@link CodedOutputStream}: {@code WriteRequest{repeated TimeSeries timeseries = 1}},
 * {@code TimeSeries{repeated Label labels = 1; repeated Sample samples = 2}}, {@code Label{string name = 1;
 * string value = 2}}, {@code Sample{double value = 1; int64 timestamp = 2}}. Hand-built messages rather than
 * generated classes: four tiny messages do not justify a protoc step in the build.
 */
final class WriteRequests {
  private WriteRequests() {}

  /** One series of a request: labels including {@code __name__}, sorted by name, and samples in time order. */
  record Series(Map<String, String> labels, long[] timestamps, double[] values, int count) {}

  static byte[] encode(List<Series> series) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    for (Series s : series) {
      out.writeByteArray(1, timeSeries(s));
    }
    out.flush();
    return buffer.toByteArray();
  }

  private static byte[] timeSeries(Series s) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    for (Map.Entry<String, String> label : s.labels().entrySet()) {
      int size = CodedOutputStream.computeStringSize(1, label.getKey())
          + CodedOutputStream.computeStringSize(2, label.getValue());
      out.writeTag(1, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(size);
      out.writeString(1, label.getKey());
      out.writeString(2, label.getValue());
    }
    for (int i = 0; i < s.count(); i++) {
      int size = CodedOutputStream.computeDoubleSize(1, s.values()[i])
          + CodedOutputStream.computeInt64Size(2, s.timestamps()[i]);
      out.writeTag(2, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(size);
      out.writeDouble(1, s.values()[i]);
      out.writeInt64(2, s.timestamps()[i]);
    }
    out.flush();
    return buffer.toByteArray();
  }
}
