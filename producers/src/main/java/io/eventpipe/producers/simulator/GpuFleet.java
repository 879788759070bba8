package io.eventpipe.producers.simulator;

import io.eventpipe.events.GpuProcess;
import io.eventpipe.events.GpuSample;
import java.util.List;

/**
 * Two simulated H100s on one host, so the gpu_* series exist without NVML. Utilization follows a bounded
 * random walk; memory, power and temperature follow utilization. GPU_OVERHEAT runs the first GPU at
 * 88-94 °C with the thermal-slowdown throttle bit set. The fan is null: SXM boards have none.
 */
final class GpuFleet {
  private static final String HOST = "gpu-node-0";
  private static final String NAME = "NVIDIA H100 80GB HBM3";
  private static final long TOTAL_BYTES = 85_520_809_984L;
  private static final long HW_THERMAL_SLOWDOWN = 0x40;
  private static final int GPUS = 2;

  private final SimState sim;
  private final String[] uuids = new String[GPUS];
  private final double[] utilization = new double[GPUS];
  private final long[] eccCorrected = new long[GPUS];
  private int cursor;

  GpuFleet(SimState sim) {
    this.sim = sim;
    for (int i = 0; i < GPUS; i++) {
      uuids[i] = "GPU-" + sim.newId();
      utilization[i] = 40 + sim.random.nextInt(40);
    }
  }

  static int size() {
    return GPUS;
  }

  /** The next sample, cycling through the GPUs. */
  GpuSample sample() {
    int i = cursor++ % GPUS;
    utilization[i] = Math.max(5, Math.min(100, utilization[i] + sim.random.nextGaussian() * 8));
    int util = (int) Math.round(utilization[i]);
    boolean hot = i == 0 && sim.incident(Incident.Kind.GPU_OVERHEAT);
    int temperature = hot ? 88 + sim.random.nextInt(7) : 38 + util * 35 / 100 + sim.random.nextInt(4);
    long used = (long) (TOTAL_BYTES * (0.25 + util / 150.0));
    if (sim.chance(0.01)) {
      eccCorrected[i]++;
    }
    return GpuSample.newBuilder().setEventId(sim.newId()).setEventTime(sim.now)
        .setSource(SimState.source("gpu-collector", HOST)).setHost(HOST).setGpuIndex(i).setUuid(uuids[i]).setName(NAME)
        .setPciBusId(String.format("00000000:%02X:00.0", 0x17 + i * 0x20))
        .setMemoryTotalBytes(TOTAL_BYTES).setMemoryUsedBytes(used).setMemoryFreeBytes(TOTAL_BYTES - used)
        .setMemoryAllocatedBytes(used * 8 / 10).setMemoryReservedBytes(used * 9 / 10)
        .setUtilizationGpuPercent(util).setUtilizationMemoryPercent(util * 6 / 10)
        .setTemperatureCelsius(temperature)
        .setPowerDrawWatts(Math.round((90 + util * 5.8) * 10) / 10.0).setPowerLimitWatts(700.0)
        .setSmClockMhz(hot ? 1410 : 1980).setMemoryClockMhz(2619).setFanSpeedPercent(null)
        .setEccCorrectedErrors(eccCorrected[i]).setEccUncorrectedErrors(0L)
        .setThrottleReasons(hot ? HW_THERMAL_SLOWDOWN : 0L)
        .setProcesses(List.of(new GpuProcess(4000L + i, used * 8 / 10))).build();
  }
}
