package io.eventpipe.aggregator;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The cumulative state of one series since the beginning of its input topics: what /metrics exports.
 * Mutable because the aggregator updates it in place between a store read and write.
 */
final class SeriesState {
  static final Serde<SeriesState> SERDE = Binary.serde(SeriesState::write, SeriesState::read);

  String metric;
  Map<String, String> labels;
  /** SUM: the integer total. */
  long total;
  /** OBSERVE: number of observations. */
  long count;
  /** OBSERVE: sum of observations. */
  double sum;
  /** OBSERVE: non-cumulative counts, one per bound plus +Inf. */
  long[] buckets;
  /** OBSERVE: per bucket, the newest observation that carried a trace id (or null). */
  Exemplar[] exemplars;
  /** LATEST: the value of the newest sample by event time. */
  double value;
  /** The newest event time applied. */
  long eventTime;

  static SeriesState empty(Family family, String metric, Map<String, String> labels) {
    SeriesState state = new SeriesState();
    state.metric = metric;
    state.labels = labels;
    if (family.update() == Family.Update.OBSERVE) {
      state.buckets = new long[family.buckets().size() + 1];
      state.exemplars = new Exemplar[family.buckets().size() + 1];
    }
    return state;
  }

  /** Adds one upstream partial of this series' family. */
  void apply(Family family, Partial p) {
    switch (family.update()) {
      case SUM -> total += p.total;
      case OBSERVE -> {
        count += p.count;
        sum += p.sum;
        for (int i = 0; i < buckets.length && i < p.buckets.length; i++) {
          buckets[i] += p.buckets[i];
          Exemplar e = p.exemplars[i];
          if (e != null && (exemplars[i] == null || e.eventTime() >= exemplars[i].eventTime())) {
            exemplars[i] = e;
          }
        }
      }
      case LATEST -> {
        if (p.lastTime >= eventTime) {
          value = p.last;
        }
      }
      case DISTINCT -> { } // the distinct members live in sketches; this state only tracks the newest time
    }
    eventTime = Math.max(eventTime, p.lastTime);
  }

  /** Adds {@code n} to a pipeline counter (late updates, folded series). */
  void add(long n, long eventTime) {
    total += n;
    this.eventTime = Math.max(this.eventTime, eventTime);
  }

  /** Adds another state of the same series (a folded series present in several tasks). */
  void merge(SeriesState other) {
    total += other.total;
    count += other.count;
    sum += other.sum;
    if (buckets != null && other.buckets != null) {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] += other.buckets[i];
        if (exemplars[i] == null || (other.exemplars[i] != null && other.exemplars[i].eventTime() > exemplars[i].eventTime())) {
          exemplars[i] = other.exemplars[i];
        }
      }
    }
    if (other.eventTime > eventTime) {
      value = other.value;
      eventTime = other.eventTime;
    }
  }

  private static void write(SeriesState s, DataOutputStream out) throws IOException {
    out.writeUTF(s.metric);
    Binary.writeLabels(s.labels, out);
    out.writeLong(s.total);
    out.writeLong(s.count);
    out.writeDouble(s.sum);
    Binary.writeLongs(s.buckets, out);
    writeExemplars(s.exemplars, out);
    out.writeDouble(s.value);
    out.writeLong(s.eventTime);
  }

  private static SeriesState read(DataInputStream in) throws IOException {
    SeriesState s = new SeriesState();
    s.metric = in.readUTF();
    s.labels = Binary.readLabels(in);
    s.total = in.readLong();
    s.count = in.readLong();
    s.sum = in.readDouble();
    s.buckets = Binary.readLongs(in);
    s.exemplars = readExemplars(in);
    s.value = in.readDouble();
    s.eventTime = in.readLong();
    return s;
  }

  static void writeExemplars(Exemplar[] exemplars, DataOutputStream out) throws IOException {
    out.writeShort(exemplars == null ? -1 : exemplars.length);
    if (exemplars != null) {
      for (Exemplar e : exemplars) {
        out.writeBoolean(e != null);
        if (e != null) {
          out.writeUTF(e.traceId());
          out.writeDouble(e.value());
          out.writeLong(e.eventTime());
        }
      }
    }
  }

  static Exemplar[] readExemplars(DataInputStream in) throws IOException {
    int n = in.readShort();
    if (n < 0) {
      return null;
    }
    Exemplar[] exemplars = new Exemplar[n];
    for (int i = 0; i < n; i++) {
      if (in.readBoolean()) {
        exemplars[i] = new Exemplar(in.readUTF(), in.readDouble(), in.readLong());
      }
    }
    return exemplars;
  }

  /** One observation exported as a histogram exemplar. */
  record Exemplar(String traceId, double value, long eventTime) {}
}
