package io.eventpipe.gpu;

import io.eventpipe.events.GpuSample;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.gpu.nvml.NvmlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sampling round: a sample for every GPU NVML lists. A GPU that cannot be read (lost, fell off the bus)
 * is skipped and reported, and the others are still sampled; it is logged when it starts and stops failing.
 */
final class GpuSampler {
  private static final Logger log = LoggerFactory.getLogger(GpuSampler.class);

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
    for (int index = 0; index < count; index++) {
      try {
        samples.add(reader.read(index, eventTime));
        if (failing.remove(index)) {
          log.info("GPU {} is readable again", index);
        }
      } catch (NvmlException e) {
        errors.accept(e);
        if (failing.add(index)) {
          log.warn("GPU {} cannot be sampled, skipping it while it fails: {}", index, e.getMessage());
        }
      }
    }
    return new Round(count, samples);
  }

  /** What one round saw: how many GPUs NVML lists and the samples of those that could be read. */
  record Round(int present, List<GpuSample> samples) {}
}
