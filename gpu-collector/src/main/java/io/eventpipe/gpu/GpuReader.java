package io.eventpipe.gpu;

import io.eventpipe.events.GpuProcess;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.Source;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.gpu.nvml.NvmlDevice;
import io.eventpipe.gpu.nvml.NvmlException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads one GPU into a {@link GpuSample}. A query the GPU does not support (NOT_SUPPORTED) leaves its field
 * null; any other failed query also leaves its field null and is reported to the error listener; a lost GPU
 * or a failure of the identity queries (handle, name, UUID) fails the whole sample.
 */
final class GpuReader {
  static final String SERVICE = "gpu-collector";

  private final Nvml nvml;
  private final String host;
  private final Consumer<NvmlException> errors;

  GpuReader(Nvml nvml, String host, Consumer<NvmlException> errors) {
    this.nvml = nvml;
    this.host = host;
    this.errors = errors;
  }

  /** @throws NvmlException when the GPU is lost or cannot be identified */
  GpuSample read(int index, long eventTime) {
    NvmlDevice gpu = nvml.device(index);
    String uuid = gpu.uuid();
    String name = gpu.name();
    NvmlDevice.MemoryInfo memory = optional(gpu::memory);
    NvmlDevice.Utilization utilization = optional(gpu::utilization);
    List<NvmlDevice.ComputeProcess> processes = optional(gpu::computeProcesses);
    return GpuSample.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setEventTime(eventTime)
        .setSource(new Source(SERVICE, host))
        .setHost(host)
        .setGpuIndex(index)
        .setUuid(uuid)
        .setName(name)
        .setPciBusId(optional(gpu::pciBusId))
        .setMemoryTotalBytes(field(memory, NvmlDevice.MemoryInfo::total))
        .setMemoryUsedBytes(field(memory, NvmlDevice.MemoryInfo::used))
        .setMemoryFreeBytes(field(memory, NvmlDevice.MemoryInfo::free))
        .setUtilizationGpuPercent(field(utilization, NvmlDevice.Utilization::gpuPercent))
        .setUtilizationMemoryPercent(field(utilization, NvmlDevice.Utilization::memoryPercent))
        .setTemperatureCelsius(optional(gpu::temperatureCelsius))
        .setPowerDrawWatts(optional(gpu::powerDrawWatts))
        .setPowerLimitWatts(optional(gpu::powerLimitWatts))
        .setSmClockMhz(optional(gpu::smClockMhz))
        .setMemoryClockMhz(optional(gpu::memoryClockMhz))
        .setFanSpeedPercent(optional(gpu::fanSpeedPercent))
        .setEccCorrectedErrors(optional(() -> gpu.eccErrors(true)))
        .setEccUncorrectedErrors(optional(() -> gpu.eccErrors(false)))
        .setThrottleReasons(optional(gpu::clocksEventReasons))
        .setProcesses(processes == null ? List.of() : processes.stream()
            .map(p -> new GpuProcess(p.pid(), p.usedMemoryBytes()))
            .toList())
        .build();
  }

  private <T> T optional(Supplier<T> query) {
    try {
      return query.get();
    } catch (NvmlException e) {
      if (e.gpuLost()) {
        throw e;
      }
      if (!e.notSupported()) {
        errors.accept(e);
      }
      return null;
    }
  }

  private static <S, T> T field(S source, Function<S, T> getter) {
    return source == null ? null : getter.apply(source);
  }
}
