package io.eventpipe.producers.recorders;

import io.eventpipe.events.QueueSample;
import io.eventpipe.schemas.EventTypes;

/** Records observed work-queue lengths and the workers consuming each queue (call it periodically). */
public final class QueueRecorder {
  private final RecorderContext context;

  public QueueRecorder(RecorderContext context) {
    this.context = context;
  }

  public boolean sample(String queueName, long length, int activeWorkers) {
    return context.sink().record(EventTypes.QUEUE, QueueSample.newBuilder().setEventId(context.newEventId())
        .setEventTime(context.now()).setSource(context.source()).setQueueName(queueName).setLength(length)
        .setActiveWorkers(activeWorkers).build());
  }
}
