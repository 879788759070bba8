package io.eventpipe.producers.recorders;

import io.eventpipe.events.GenerationStatus;

/**
 * One running generation job, timed from {@link GenerationRecorder#start}. Closing it emits exactly one
 * terminal event: COMPLETED with the credits given to {@link #completed}, or FAILED.
 */
public final class GenerationJob implements AutoCloseable {
  private final GenerationRecorder recorder;
  private final String jobId;
  private final String model;
  private final String plan;
  private final String queue;
  private final String userId;
  private final long startNanos;
  private Long credits;
  private boolean succeeded;
  private boolean closed;

  GenerationJob(GenerationRecorder recorder, String jobId, String model, String plan, String queue, String userId,
      long startNanos) {
    this.recorder = recorder;
    this.jobId = jobId;
    this.model = model;
    this.plan = plan;
    this.queue = queue;
    this.userId = userId;
    this.startNanos = startNanos;
  }

  /** Marks the job successful, having used {@code creditsUsed} credits; the event is emitted on close. */
  public void completed(long creditsUsed) {
    if (creditsUsed < 0) {
      throw new IllegalArgumentException("creditsUsed: negative (" + creditsUsed + ")");
    }
    this.credits = creditsUsed;
    this.succeeded = true;
  }

  /** Marks the job failed, with the credits it still consumed (may be 0). */
  public void failed(long creditsUsed) {
    if (creditsUsed < 0) {
      throw new IllegalArgumentException("creditsUsed: negative (" + creditsUsed + ")");
    }
    this.credits = creditsUsed;
    this.succeeded = false;
  }

  public String jobId() {
    return jobId;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    recorder.emit(jobId, model, plan, queue, userId, succeeded ? GenerationStatus.COMPLETED : GenerationStatus.FAILED,
        seconds, credits);
  }
}
