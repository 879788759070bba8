package io.eventpipe.producers.recorders;

import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.producers.trace.TraceContext;
import io.eventpipe.schemas.EventTypes;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Records image-generation jobs on a worker. Use {@link #start} with try-with-resources: it emits STARTED,
 * and closing emits COMPLETED when {@link GenerationJob#completed} was called, FAILED otherwise (an
 * exception or a forgotten completion both mean the job did not succeed).
 */
public final class GenerationRecorder {
  private final RecorderContext context;

  public GenerationRecorder(RecorderContext context) {
    this.context = context;
  }

  /** Emits QUEUED for a job submitted to a queue (on the submitting side). */
  public boolean queued(String jobId, String model, String plan, String queue, String userId) {
    return emit(jobId, model, plan, queue, userId, GenerationStatus.QUEUED, null, null);
  }

  /** Emits STARTED and returns the running job; close it to emit the outcome. */
  public GenerationJob start(String jobId, String model, String plan, String queue, String userId) {
    emit(jobId, model, plan, queue, userId, GenerationStatus.STARTED, null, null);
    return new GenerationJob(this, jobId, model, plan, queue, userId, System.nanoTime());
  }

  boolean emit(String jobId, String model, String plan, String queue, String userId, GenerationStatus status,
      Double durationSeconds, Long credits) {
    SpanContext span = TraceContext.currentSpan();
    GenerationEvent event = GenerationEvent.newBuilder()
        .setEventId(context.newEventId())
        .setEventTime(context.now())
        .setSource(context.source())
        .setJobId(jobId)
        .setModel(model)
        .setPlan(plan)
        .setStatus(status)
        .setQueue(queue)
        .setWorkerId(context.instance())
        .setDurationSeconds(durationSeconds)
        .setCreditsUsed(credits)
        .setUserId(userId)
        .setTraceId(span == null ? null : span.getTraceId())
        .setSpanId(span == null ? null : span.getSpanId())
        .build();
    return context.sink().record(EventTypes.GENERATION, event);
  }
}
