package io.eventpipe.gpu.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.util.ArrayList;
import java.util.List;

/** One GPU's NVML queries, in NVML's units converted to the event's (bytes, percent, °C, W, MHz). */
public final class NvmlDevice {
  /** Processes can start between the sizing call and the fetch; retry a few times like nvidia-smi does. */
  private static final int PROCESS_FETCH_ATTEMPTS = 3;

  private final Nvml nvml;
  private final NvmlLibrary library;
  private final Pointer handle;
  private final boolean memoryV2;

  NvmlDevice(Nvml nvml, NvmlLibrary library, Pointer handle, boolean memoryV2) {
    this.nvml = nvml;
    this.library = library;
    this.handle = handle;
    this.memoryV2 = memoryV2;
  }

  /** Device memory in bytes. */
  public record MemoryInfo(long total, long free, long used) {}

  /** Percent of the last sample period the GPU (kernels) and memory (reads/writes) were busy. */
  public record Utilization(int gpuPercent, int memoryPercent) {}

  /** A compute process using the GPU; usedMemoryBytes is null where NVML cannot tell (no permission, WDDM). */
  public record ComputeProcess(long pid, Long usedMemoryBytes) {}

  public String name() {
    byte[] buffer = new byte[NvmlLibrary.STRING_BUFFER_SIZE];
    nvml.call("nvmlDeviceGetName", () -> library.nvmlDeviceGetName(handle, buffer, buffer.length));
    return Native.toString(buffer);
  }

  public String uuid() {
    byte[] buffer = new byte[NvmlLibrary.STRING_BUFFER_SIZE];
    nvml.call("nvmlDeviceGetUUID", () -> library.nvmlDeviceGetUUID(handle, buffer, buffer.length));
    return Native.toString(buffer);
  }

  /** "00000000:3B:00.0", as nvidia-smi prints pci.bus_id. */
  public String pciBusId() {
    NvmlLibrary.PciInfo pci = new NvmlLibrary.PciInfo();
    nvml.call("nvmlDeviceGetPciInfo_v3", () -> library.nvmlDeviceGetPciInfo_v3(handle, pci));
    return Native.toString(pci.busId);
  }

  /** The v2 query where the driver has it: its "used" leaves out the driver's reservation, as nvidia-smi does. */
  public MemoryInfo memory() {
    if (memoryV2) {
      NvmlLibrary.MemoryV2 memory = new NvmlLibrary.MemoryV2();
      nvml.call("nvmlDeviceGetMemoryInfo_v2", () -> library.nvmlDeviceGetMemoryInfo_v2(handle, memory));
      return new MemoryInfo(memory.total, memory.free, memory.used);
    }
    NvmlLibrary.Memory memory = new NvmlLibrary.Memory();
    nvml.call("nvmlDeviceGetMemoryInfo", () -> library.nvmlDeviceGetMemoryInfo(handle, memory));
    return new MemoryInfo(memory.total, memory.free, memory.used);
  }

  public Utilization utilization() {
    NvmlLibrary.Utilization rates = new NvmlLibrary.Utilization();
    nvml.call("nvmlDeviceGetUtilizationRates", () -> library.nvmlDeviceGetUtilizationRates(handle, rates));
    return new Utilization(rates.gpu, rates.memory);
  }

  public int temperatureCelsius() {
    IntByReference value = new IntByReference();
    nvml.call("nvmlDeviceGetTemperature",
        () -> library.nvmlDeviceGetTemperature(handle, NvmlLibrary.NVML_TEMPERATURE_GPU, value));
    return value.getValue();
  }

  public double powerDrawWatts() {
    IntByReference milliwatts = new IntByReference();
    nvml.call("nvmlDeviceGetPowerUsage", () -> library.nvmlDeviceGetPowerUsage(handle, milliwatts));
    return Integer.toUnsignedLong(milliwatts.getValue()) / 1000.0;
  }

  /** The software power limit (nvidia-smi's power.limit). */
  public double powerLimitWatts() {
    IntByReference milliwatts = new IntByReference();
    nvml.call("nvmlDeviceGetPowerManagementLimit",
        () -> library.nvmlDeviceGetPowerManagementLimit(handle, milliwatts));
    return Integer.toUnsignedLong(milliwatts.getValue()) / 1000.0;
  }

  public int smClockMhz() {
    return clock(NvmlLibrary.NVML_CLOCK_SM);
  }

  public int memoryClockMhz() {
    return clock(NvmlLibrary.NVML_CLOCK_MEM);
  }

  private int clock(int type) {
    IntByReference mhz = new IntByReference();
    nvml.call("nvmlDeviceGetClockInfo", () -> library.nvmlDeviceGetClockInfo(handle, type, mhz));
    return mhz.getValue();
  }

  public int fanSpeedPercent() {
    IntByReference percent = new IntByReference();
    nvml.call("nvmlDeviceGetFanSpeed", () -> library.nvmlDeviceGetFanSpeed(handle, percent));
    return percent.getValue();
  }

  /** Volatile (since the last driver load) ECC error count, as nvidia-smi's ecc.errors.*.volatile.total. */
  public long eccErrors(boolean corrected) {
    LongByReference count = new LongByReference();
    int type = corrected ? NvmlLibrary.NVML_MEMORY_ERROR_TYPE_CORRECTED : NvmlLibrary.NVML_MEMORY_ERROR_TYPE_UNCORRECTED;
    nvml.call("nvmlDeviceGetTotalEccErrors",
        () -> library.nvmlDeviceGetTotalEccErrors(handle, type, NvmlLibrary.NVML_VOLATILE_ECC, count));
    return count.getValue();
  }

  /** The bitmask of reasons the clocks are held down (nvmlClocksEventReason*). */
  public long clocksEventReasons() {
    LongByReference reasons = new LongByReference();
    nvml.call("nvmlDeviceGetCurrentClocksEventReasons",
        () -> library.nvmlDeviceGetCurrentClocksEventReasons(handle, reasons));
    return reasons.getValue();
  }

  public List<ComputeProcess> computeProcesses() {
    IntByReference count = new IntByReference(0);
    int rc = nvml.status(() -> library.nvmlDeviceGetComputeRunningProcesses(handle, count, null));
    for (int attempt = 0; rc == NvmlException.INSUFFICIENT_SIZE && attempt < PROCESS_FETCH_ATTEMPTS; attempt++) {
      NvmlLibrary.ProcessInfo[] infos =
          (NvmlLibrary.ProcessInfo[]) new NvmlLibrary.ProcessInfo().toArray(count.getValue() + 4);
      count.setValue(infos.length);
      rc = nvml.status(() -> library.nvmlDeviceGetComputeRunningProcesses(handle, count, infos));
      if (rc == 0) {
        List<ComputeProcess> processes = new ArrayList<>(count.getValue());
        for (int i = 0; i < count.getValue(); i++) {
          long used = infos[i].usedGpuMemory;
          processes.add(new ComputeProcess(Integer.toUnsignedLong(infos[i].pid),
              used == NvmlLibrary.VALUE_NOT_AVAILABLE ? null : used));
        }
        return processes;
      }
    }
    nvml.check("nvmlDeviceGetComputeRunningProcesses", rc);
    return List.of();
  }
}
