package io.eventpipe.producers.recorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventpipe.events.GenerationEvent;
import io.eventpipe.events.GenerationStatus;
import io.eventpipe.schemas.EventTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GenerationRecorderTest {
  private final CollectingSink sink = new CollectingSink();
  private final GenerationRecorder generations = new GenerationRecorder(new RecorderContext(sink, "worker", "worker-7",
      Clock.fixed(Instant.ofEpochMilli(1_763_800_000_000L), ZoneOffset.UTC)));

  @Test
  void completedJobEmitsStartedThenCompletedWithCredits() {
    try (GenerationJob job = generations.start("job-1", "sdxl", "pro", "gpu-high", "u1")) {
      job.completed(4);
    }
    assertThat(statuses()).containsExactly(GenerationStatus.STARTED, GenerationStatus.COMPLETED);
    GenerationEvent done = (GenerationEvent) sink.events.get(1);
    assertThat(done.getCreditsUsed()).isEqualTo(4L);
    assertThat(done.getDurationSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(done.getWorkerId()).isEqualTo("worker-7");
    assertThat(done.getEventTime()).isEqualTo(1_763_800_000_000L);
    assertThat(done.getSource().getService()).isEqualTo("worker");
    assertThat(done.getEventId()).isNotEqualTo(((GenerationEvent) sink.events.get(0)).getEventId());
    sink.events.forEach(e -> assertThat(EventTypes.GENERATION.validate((GenerationEvent) e)).isEmpty());
  }

  @Test
  void jobClosedWithoutCompletionOrByAnExceptionFails() {
    try (GenerationJob job = generations.start("job-2", "sdxl", "free", "default", null)) {
      assertThat(job.jobId()).isEqualTo("job-2");
    }
    assertThatThrownBy(() -> {
      try (GenerationJob job = generations.start("job-3", "sdxl", "free", "default", null)) {
        throw new IllegalStateException("CUDA out of memory");
      }
    }).hasMessage("CUDA out of memory");
    assertThat(statuses()).containsExactly(GenerationStatus.STARTED, GenerationStatus.FAILED,
        GenerationStatus.STARTED, GenerationStatus.FAILED);
    assertThat(((GenerationEvent) sink.events.get(1)).getCreditsUsed()).isNull();
  }

  @Test
  void closingTwiceEmitsOneOutcome() {
    GenerationJob job = generations.start("job-4", "flux-dev", "pro", "default", "u2");
    job.failed(1);
    job.close();
    job.close();
    assertThat(statuses()).containsExactly(GenerationStatus.STARTED, GenerationStatus.FAILED);
    assertThat(((GenerationEvent) sink.events.get(1)).getCreditsUsed()).isEqualTo(1L);
    assertThatThrownBy(() -> job.completed(-1)).hasMessageContaining("creditsUsed: negative");
  }

  private java.util.List<GenerationStatus> statuses() {
    return sink.events.stream().map(e -> ((GenerationEvent) e).getStatus()).toList();
  }
}
