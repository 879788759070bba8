package io.eventpipe.gpu;

import io.eventpipe.events.GpuSample;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.gpu.nvml.NvmlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One sampling round: a sample for every GPU NVML lists. A GPU that cannot be read (lost, fell off the bus)
 * is skipped and reported, and the others are still sampled; the round says which GPUs started or stopped
 * failing so the caller can log changes rather than every round.
 */
final class GpuSampler {
  private final Nvml nvml;
  private final GpuReader reader;
  private final Consumer<NvmlException> errors;
  private final Set<Integer> failing = new HashSet<>();

  GpuSampler(Nvml nvml, String host, Consumer<NvmlException> errors) {
    this.nvml = nvml;
    this.reader = new GpuReader(nvml, host, errors);
    this.errors = errors;
  }

  /** The GPUs present and their readable samples; the round itself fails only if NVML cannot count GPUs. */
  Round sample(long eventTime) {
    int count = nvml.deviceCount();
    List<GpuSample> samples = new ArrayList<>(count);
    List<String> changes = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      try {
        samples.add(reader.read(index, eventTime));
        if (failing.remove(index)) {
          changes.add("GPU " + index + " is readable again");
        }
      } catch (NvmlException e) {
        errors.accept(e);
        if (failing.add(index)) {
          changes.add("GPU " + index + " cannot be sampled, skipping it while it fails: " + e.getMessage());
        }
      }
    }
    return new Round(count, samples, changes);
  }

  /**
   * What one round saw.
   *
   * @param present how many GPUs NVML lists
   * @param samples the samples of those that could be read
   * @param changes GPUs that started or stopped failing in this round, as log lines
   */
  record Round(int present, List<GpuSample> samples, List<String> changes) {}
}
