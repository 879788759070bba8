package io.eventpipe.alerting.alert;

import io.eventpipe.alerting.Json;
import io.eventpipe.schemas.deadletter.DeadLetter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes incoming alert records. A valid one becomes {@code Intake(alert, null)}; anything else keeps its bytes
 * and gets dead-letter headers naming the reason and origin, so nothing is lost.
 */
public record Intake(Alert alert, byte[] raw) {

  /** The decoding step of the topology. */
  public static final class Decoder implements Processor<String, byte[], String, Intake> {
    private ProcessorContext<String, Intake> context;

    @Override
    public void init(ProcessorContext<String, Intake> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      try {
        Alert alert = Json.read(record.value() == null ? new byte[0] : record.value(), Alert.class);
        validate(alert);
        context.forward(record.withValue(new Intake(alert, null)));
      } catch (RuntimeException e) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        var headers = DeadLetter.headers("invalid-alert", e.getMessage(), origin.topic(), origin.partition(),
            origin.offset());
        headers.forEach(h -> record.headers().add(h));
        context.forward(record.withValue(new Intake(null, record.value())));
      }
    }
  }

  /** Refuses alerts without labels or with invalid label names or times, naming the field. */
  public static void validate(Alert alert) {
    if (alert.labels().isEmpty()) {
      throw new IllegalArgumentException("labels: at least one label is required");
    }
    for (String name : alert.labels().keySet()) {
      if (!Matcher.LABEL_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("labels: invalid label name '" + name + "'");
      }
    }
    if (alert.startsAt() <= 0) {
      throw new IllegalArgumentException("startsAt: missing");
    }
    if (alert.endsAt() != 0 && alert.endsAt() < alert.startsAt()) {
      throw new IllegalArgumentException("endsAt: before startsAt");
    }
  }
}
