package io.eventpipe.producers.simulator;

import io.eventpipe.schemas.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record the simulator writes: its topic, key and value bytes, and the event it encodes (null for an
 * injected invalid record).
 */
public record SimRecord(Topic topic, String key, byte[] value, SpecificRecord event) {

  public boolean injectedBad() {
    return event == null;
  }
}
