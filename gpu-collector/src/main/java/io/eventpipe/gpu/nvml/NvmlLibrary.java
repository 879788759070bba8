package io.eventpipe.gpu.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML C functions the collector calls, mapped one to one with JNA; every function returns an
 * nvmlReturn_t code. Layouts and versioned names follow nvml.h (CUDA 12); methods whose symbol changed
 * across driver releases are resolved by {@link NvmlSymbols}.
 */
public interface NvmlLibrary extends Library {
  int NVML_TEMPERATURE_GPU = 0;
  int NVML_CLOCK_SM = 1;
  int NVML_CLOCK_MEM = 2;
  int NVML_MEMORY_ERROR_TYPE_CORRECTED = 0;
  int NVML_MEMORY_ERROR_TYPE_UNCORRECTED = 1;
  int NVML_VOLATILE_ECC = 0;
  /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE. */
  int STRING_BUFFER_SIZE = 96;
  /** NVML_VALUE_NOT_AVAILABLE as an unsigned long long. */
  long VALUE_NOT_AVAILABLE = -1L;

  int nvmlInit_v2();

  int nvmlShutdown();

  String nvmlErrorString(int result);

  int nvmlDeviceGetCount_v2(IntByReference count);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  int nvmlDeviceGetPciInfo_v3(Pointer device, PciInfo pci);

  int nvmlDeviceGetMemoryInfo(Pointer device, Memory memory);

  int nvmlDeviceGetMemoryInfo_v2(Pointer device, MemoryV2 memory);

  int nvmlDeviceGetUtilizationRates(Pointer device, Utilization utilization);

  int nvmlDeviceGetTemperature(Pointer device, int sensor, IntByReference celsius);

  int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

  int nvmlDeviceGetPowerManagementLimit(Pointer device, IntByReference milliwatts);

  int nvmlDeviceGetClockInfo(Pointer device, int clockType, IntByReference mhz);

  int nvmlDeviceGetFanSpeed(Pointer device, IntByReference percent);

  int nvmlDeviceGetTotalEccErrors(Pointer device, int errorType, int counterType, LongByReference count);

  /** nvmlDeviceGetCurrentClocksEventReasons; named ...ClocksThrottleReasons before driver 535. */
  int nvmlDeviceGetCurrentClocksEventReasons(Pointer device, LongByReference reasons);

  /** nvmlDeviceGetComputeRunningProcesses_v3, or _v2 on older drivers (same struct layout). */
  int nvmlDeviceGetComputeRunningProcesses(Pointer device, IntByReference count, ProcessInfo[] infos);

  /** nvmlMemory_t: bytes. */
  @Structure.FieldOrder({"total", "free", "used"})
  class Memory extends Structure {
    public long total;
    public long free;
    public long used;
  }

  /** nvmlMemory_v2_t: bytes; "used" excludes the driver's reservation, as nvidia-smi reports it. */
  @Structure.FieldOrder({"version", "total", "reserved", "free", "used"})
  class MemoryV2 extends Structure {
    /** nvmlMemory_v2: NVML_STRUCT_VERSION(Memory, 2) = sizeof(nvmlMemory_v2_t) | 2 << 24. */
    public static final int VERSION = 40 | (2 << 24);
    public int version = VERSION;
    public long total;
    public long reserved;
    public long free;
    public long used;
  }

  /** nvmlUtilization_t: percent over the driver's last sample period. */
  @Structure.FieldOrder({"gpu", "memory"})
  class Utilization extends Structure {
    public int gpu;
    public int memory;
  }

  /** nvmlPciInfo_t as filled by nvmlDeviceGetPciInfo_v3. */
  @Structure.FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
  class PciInfo extends Structure {
    public byte[] busIdLegacy = new byte[16];
    public int domain;
    public int bus;
    public int device;
    public int pciDeviceId;
    public int pciSubSystemId;
    public byte[] busId = new byte[32];
  }

  /** nvmlProcessInfo_t (v2/v3 layout): 24 bytes with the padding after pid. */
  @Structure.FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
  class ProcessInfo extends Structure {
    public int pid;
    public long usedGpuMemory;
    public int gpuInstanceId;
    public int computeInstanceId;
  }
}
