package io.eventpipe.aggregator;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

/**
 * A record of the metric-partials repartition topic: a {@link Partial} of one series, or a {@link Mark} saying how
 * far one upstream task's inputs have progressed.
 */
sealed interface Update permits Partial, Update.Mark {

  /**
   * Upstream task {@code source}'s watermark: every input partition it reads has passed {@code watermark} in event
   * time (or has been idle), and every partial it holds for earlier events was sent before this mark.
   * {@code target} is the metric-partials partition this copy of the mark is for.
   */
  record Mark(int source, long watermark, int target) implements Update {}

  byte PARTIAL = 'P';
  byte MARK = 'M';

  Serde<Update> SERDE = Binary.serde(Update::write, Update::read);

  private static void write(Update update, DataOutputStream out) throws IOException {
    if (update instanceof Partial p) {
      out.writeByte(PARTIAL);
      Partial.write(p, out);
    } else {
      Mark m = (Mark) update;
      out.writeByte(MARK);
      out.writeInt(m.source());
      out.writeLong(m.watermark());
      out.writeInt(m.target());
    }
  }

  private static Update read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case PARTIAL -> Partial.read(in);
      case MARK -> new Mark(in.readInt(), in.readLong(), in.readInt());
      default -> throw new SerializationException("unknown update tag " + tag);
    };
  }
}
