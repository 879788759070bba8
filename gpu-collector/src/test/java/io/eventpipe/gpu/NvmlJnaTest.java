package io.eventpipe.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventpipe.events.GpuProcess;
import io.eventpipe.events.GpuSample;
import io.eventpipe.events.Source;
import io.eventpipe.gpu.nvml.Nvml;
import io.eventpipe.gpu.nvml.NvmlException;
import io.eventpipe.gpu.nvml.NvmlUnavailableException;
import io.eventpipe.schemas.EventTypes;
import io.eventpipe.schemas.codec.Decoded;
import io.eventpipe.schemas.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real JNA path (symbols, struct layouts, error strings) against the fake libnvidia-ml. */
class NvmlJnaTest {

  private final List<NvmlException> errors = new ArrayList<>();

  private List<GpuSample> sampleOnce() throws NvmlUnavailableException {
    return GpuCollector.sampleOnce(FakeNvml.LIBRARY, "gpu-host-1", errors::add);
  }

  @Test
  void readsEveryFieldExactlyAsNvmlReportsIt() throws Exception {
    FakeNvml.config().line("devices=1").h100(0).install();

    List<GpuSample> samples = sampleOnce();

    assertThat(samples).hasSize(1);
    GpuSample s = samples.get(0);
    assertThat(s.getHost()).isEqualTo("gpu-host-1");
    assertThat(s.getSource()).isEqualTo(new Source("gpu-collector", "gpu-host-1"));
    assertThat(s.getGpuIndex()).isZero();
    assertThat(s.getUuid()).isEqualTo(FakeNvml.H100_UUID);
    assertThat(s.getName()).isEqualTo("NVIDIA H100 80GB HBM3");
    assertThat(s.getPciBusId()).isEqualTo("00000000:3B:00.0");
    assertThat(s.getMemoryTotalBytes()).isEqualTo(85520809984L);
    // nvmlDeviceGetMemoryInfo_v2: "used" without the driver's 566231040 reserved bytes, as nvidia-smi shows it.
    assertThat(s.getMemoryUsedBytes()).isEqualTo(1073741824L);
    assertThat(s.getMemoryFreeBytes()).isEqualTo(83880837120L);
    assertThat(s.getMemoryAllocatedBytes()).isNull();
    assertThat(s.getMemoryReservedBytes()).isNull();
    assertThat(s.getUtilizationGpuPercent()).isEqualTo(37);
    assertThat(s.getUtilizationMemoryPercent()).isEqualTo(12);
    assertThat(s.getTemperatureCelsius()).isEqualTo(41);
    assertThat(s.getPowerDrawWatts()).isEqualTo(123.456);
    assertThat(s.getPowerLimitWatts()).isEqualTo(700.0);
    assertThat(s.getSmClockMhz()).isEqualTo(1980);
    assertThat(s.getMemoryClockMhz()).isEqualTo(2619);
    assertThat(s.getFanSpeedPercent()).as("NOT_SUPPORTED leaves the field empty").isNull();
    assertThat(s.getEccCorrectedErrors()).isEqualTo(5L);
    assertThat(s.getEccUncorrectedErrors()).isEqualTo(0L);
    assertThat(s.getThrottleReasons()).isEqualTo(4L);
    assertThat(s.getProcesses()).containsExactly(new GpuProcess(4242L, 1073741824L), new GpuProcess(77L, null));
    assertThat(EventTypes.GPU.validate(s)).isEmpty();
    assertThat(errors).as("NOT_SUPPORTED is not an error").isEmpty();
  }

  @Test
  void anOlderDriverIsReadThroughItsOwnSymbolsAndAMissingFunctionLeavesItsFieldEmpty() throws Exception {
    FakeNvml.config().line("devices=1").h100(0).install();

    List<GpuSample> samples = GpuCollector.sampleOnce(FakeNvml.OLD_DRIVER_LIBRARY, "old-host", errors::add);

    GpuSample s = samples.get(0);
    assertThat(s.getThrottleReasons()).as("via nvmlDeviceGetCurrentClocksThrottleReasons").isEqualTo(4L);
    assertThat(s.getProcesses()).as("via nvmlDeviceGetComputeRunningProcesses_v2")
        .containsExactly(new GpuProcess(4242L, 1073741824L), new GpuProcess(77L, null));
    assertThat(s.getMemoryUsedBytes()).as("nvmlDeviceGetMemoryInfo (v1) counts the reservation as used")
        .isEqualTo(1073741824L + 566231040L);
    assertThat(s.getMemoryTotalBytes()).isEqualTo(85520809984L);
    assertThat(s.getEccCorrectedErrors()).isNull();
    assertThat(s.getEccUncorrectedErrors()).isNull();
    assertThat(s.getTemperatureCelsius()).isEqualTo(41);
    assertThat(errors).as("a function the driver lacks is not an error").isEmpty();
  }

  @Test
  void notSupportedQueriesLeaveTheirFieldsEmptyAndOtherErrorsAreReported() throws Exception {
    FakeNvml.config().line("devices=2").a10(0).l4(1)
        .line("device.1.error.nvmlDeviceGetTemperature=999").install();

    List<GpuSample> samples = sampleOnce();

    GpuSample a10 = samples.get(0);
    assertThat(a10.getEccCorrectedErrors()).isNull();
    assertThat(a10.getEccUncorrectedErrors()).isNull();
    assertThat(a10.getPowerDrawWatts()).isNull();
    assertThat(a10.getPowerLimitWatts()).isNull();
    assertThat(a10.getFanSpeedPercent()).isEqualTo(31);
    assertThat(a10.getProcesses()).isEmpty();
    GpuSample l4 = samples.get(1);
    assertThat(l4.getGpuIndex()).isEqualTo(1);
    assertThat(l4.getTemperatureCelsius()).isNull();
    assertThat(l4.getEccUncorrectedErrors()).isEqualTo(2L);
    assertThat(l4.getPowerDrawWatts()).isEqualTo(71.5);
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.function()).isEqualTo("nvmlDeviceGetTemperature");
      assertThat(e.code()).isEqualTo(999);
      assertThat(e.getMessage()).isEqualTo("nvmlDeviceGetTemperature failed: Unknown Error (nvmlReturn_t 999)");
    });
  }

  @Test
  void aLostGpuIsSkippedAndTheOthersAreStillSampled() throws Exception {
    FakeNvml.config().line("devices=3").h100(0).a10(1).l4(2).line("device.1.lost_after=0").install();

    List<GpuSample> samples = sampleOnce();

    assertThat(samples).extracting(GpuSample::getUuid).containsExactly(FakeNvml.H100_UUID, FakeNvml.L4_UUID);
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.gpuLost()).isTrue();
      assertThat(e.getMessage()).isEqualTo("nvmlDeviceGetUUID failed: GPU is lost (nvmlReturn_t 15)");
    });
  }

  @Test
  void missingLibraryOrFailedInitIsAClearError() {
    Path nowhere = Path.of("/nonexistent/libnvidia-ml.so.1");
    assertThatThrownBy(() -> Nvml.open(nowhere)).isInstanceOf(NvmlUnavailableException.class)
        .hasMessage("no NVML library file at /nonexistent/libnvidia-ml.so.1");
    assertThat(Nvml.isAvailable(nowhere)).isFalse();

    FakeNvml.config().line("init_error=9").install();
    assertThatThrownBy(() -> Nvml.open(FakeNvml.LIBRARY)).isInstanceOf(NvmlUnavailableException.class)
        .hasMessage("nvmlInit_v2 failed: Driver Not Loaded (nvmlReturn_t 9)");
    assertThat(Nvml.isAvailable(FakeNvml.LIBRARY)).isFalse();

    FakeNvml.config().line("devices=0").install();
    assertThat(Nvml.isAvailable(FakeNvml.LIBRARY)).isTrue();
  }

  @Test
  void printedJsonIsPlainAndDecodesToTheSameSample() throws Exception {
    FakeNvml.config().line("devices=2").h100(0).a10(1).install();
    List<GpuSample> samples = sampleOnce();

    JsonNode json = SampleJson.toJson(samples);

    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("power_draw_watts").asDouble()).isEqualTo(123.456);
    assertThat(json.get(0).get("fan_speed_percent").isNull()).isTrue();
    assertThat(json.get(0).get("processes").get(1).get("used_memory_bytes").isNull()).isTrue();
    assertThat(json.get(1).get("ecc_corrected_errors").isNull()).isTrue();
    EventCodec<GpuSample> codec = EventCodec.of(EventTypes.GPU);
    for (int i = 0; i < samples.size(); i++) {
      Decoded<GpuSample> decoded = codec.decode(json.get(i).toString().getBytes(StandardCharsets.UTF_8));
      assertThat(decoded).isInstanceOf(Decoded.Ok.class);
      assertThat(decoded.event()).isEqualTo(samples.get(i));
    }
  }
}
