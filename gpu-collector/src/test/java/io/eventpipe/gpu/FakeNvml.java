package io.eventpipe.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake libnvidia-ml built from src/test/c/fake_nvml.c, and its config file (read at nvmlInit_v2 from
 * FAKE_NVML_CONFIG, which surefire sets). Tests write the config, then open NVML through the real JNA path.
 */
final class FakeNvml {
  static final Path LIBRARY = Path.of(System.getProperty("fake.nvml.library"));
  /** The same fake built as a pre-R535 driver: older symbol names, no memory v2, no ECC query at all. */
  static final Path OLD_DRIVER_LIBRARY = Path.of(System.getProperty("fake.nvml.old.library"));
  static final Path CONFIG = Path.of(System.getenv("FAKE_NVML_CONFIG"));

  /** An H100 as NVML reports it; the fan is NOT_SUPPORTED as on SXM boards. */
  static final String H100_UUID = "GPU-1b0e6f3c-8f0a-4c1e-9d2b-3a4f5e6d7c8b";
  static final String A10_UUID = "GPU-22222222-3333-4444-5555-666666666666";
  static final String L4_UUID = "GPU-33333333-4444-5555-6666-777777777777";

  private final List<String> lines = new ArrayList<>();

  static FakeNvml config() {
    return new FakeNvml();
  }

  FakeNvml line(String line) {
    lines.add(line);
    return this;
  }

  /** Device 0: all fields set, fan NOT_SUPPORTED, two processes (one without a memory figure). */
  FakeNvml h100(int index) {
    String d = "device." + index + ".";
    return line(d + "name=NVIDIA H100 80GB HBM3").line(d + "uuid=" + H100_UUID)
        .line(d + "pci_bus_id=00000000:3B:00.0")
        .line(d + "memory_total=85520809984").line(d + "memory_used=1073741824")
        .line(d + "memory_free=83880837120").line(d + "memory_reserved=566231040")
        .line(d + "util_gpu=37").line(d + "util_memory=12").line(d + "temperature=41")
        .line(d + "power_mw=123456").line(d + "power_limit_mw=700000")
        .line(d + "clock_sm=1980").line(d + "clock_mem=2619")
        .line(d + "ecc_corrected=5").line(d + "ecc_uncorrected=0").line(d + "throttle=4")
        .line(d + "processes=4242:1073741824,77:na")
        .line(d + "error.nvmlDeviceGetFanSpeed=3");
  }

  /** A GPU without ECC and power readings (NOT_SUPPORTED), with a fan and no processes. */
  FakeNvml a10(int index) {
    String d = "device." + index + ".";
    return line(d + "name=NVIDIA A10").line(d + "uuid=" + A10_UUID).line(d + "pci_bus_id=00000000:65:00.0")
        .line(d + "memory_total=24146608128").line(d + "memory_used=0").line(d + "memory_free=24146608128")
        .line(d + "util_gpu=0").line(d + "util_memory=0").line(d + "temperature=30")
        .line(d + "clock_sm=210").line(d + "clock_mem=405").line(d + "fan=31").line(d + "throttle=1")
        .line(d + "error.nvmlDeviceGetTotalEccErrors=3").line(d + "error.nvmlDeviceGetPowerUsage=3")
        .line(d + "error.nvmlDeviceGetPowerManagementLimit=3");
  }

  FakeNvml l4(int index) {
    String d = "device." + index + ".";
    return line(d + "name=NVIDIA L4").line(d + "uuid=" + L4_UUID).line(d + "pci_bus_id=00000000:A1:00.0")
        .line(d + "memory_total=24152899584").line(d + "memory_used=536870912").line(d + "memory_free=23616028672")
        .line(d + "util_gpu=99").line(d + "util_memory=45").line(d + "temperature=71")
        .line(d + "power_mw=71500").line(d + "power_limit_mw=72000")
        .line(d + "clock_sm=2040").line(d + "clock_mem=6250").line(d + "fan=0")
        .line(d + "ecc_corrected=0").line(d + "ecc_uncorrected=2").line(d + "throttle=0");
  }

  /** Writes the config; the next nvmlInit_v2 (with no session open) reads it. */
  void install() {
    try {
      Files.createDirectories(CONFIG.getParent());
      Files.write(CONFIG, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
