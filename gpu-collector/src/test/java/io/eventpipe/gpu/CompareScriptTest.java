package io.eventpipe.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventpipe.events.GpuSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/compare-with-nvidia-smi.sh against the collector's real --once --print JSON (read from the fake
 * libnvidia-ml) and CSV written the way nvidia-smi prints the same GPUs.
 */
class CompareScriptTest {
  private static final Path SCRIPT = Path.of(System.getProperty("compare.script"));
  private static final String QUERY = "--query-gpu=index,uuid,name,pci.bus_id,memory.total,memory.used,memory.free,"
      + "utilization.gpu,utilization.memory,temperature.gpu,power.draw,power.limit,clocks.sm,clocks.mem,fan.speed,"
      + "ecc.errors.corrected.volatile.total,ecc.errors.uncorrected.volatile.total";
  /** The fake's H100 and A10 as nvidia-smi prints them: MiB, watts with two decimals, [N/A] where unsupported. */
  private static final String H100_ROW = "0, " + FakeNvml.H100_UUID + ", NVIDIA H100 80GB HBM3, 00000000:3B:00.0, "
      + "81559, 1024, 79995, 37, 12, 41, 123.46, 700.00, 1980, 2619, [N/A], 5, 0";
  private static final String A10_ROW = "1, " + FakeNvml.A10_UUID + ", NVIDIA A10, 00000000:65:00.0, "
      + "23028, 0, 23028, 0, 0, 30, [N/A], [N/A], 210, 405, 31, [N/A], [N/A]";

  @TempDir
  Path dir;
  private Path json;

  @BeforeEach
  void collectorOutput() throws Exception {
    FakeNvml.config().line("devices=2").h100(0).a10(1).install();
    List<GpuSample> samples = GpuCollector.sampleOnce(FakeNvml.LIBRARY, "gpu-host-1", e -> { });
    json = dir.resolve("collector.json");
    Files.writeString(json, SampleJson.pretty(samples) + "\n");
  }

  @Test
  void liveModeRunsBothCommandsAndAcceptsReadingsThatMovedALittle() throws Exception {
    Path collector = executable("collector", "[ \"$*\" = \"--once --print\" ] || exit 9\ncat " + json + "\n");
    // Between the two reads the H100 warmed by a degree and drew 1.6 W more.
    String liveH100 = H100_ROW.replace(", 41, 123.46,", ", 42, 125.10,");
    Path smi = executable("nvidia-smi", "[ \"$1\" = \"" + QUERY + "\" ] || exit 9\n"
        + "[ \"$2\" = \"--format=csv,noheader,nounits\" ] || exit 9\n"
        + "printf '%s\\n' '" + liveH100 + "' '" + A10_ROW + "'\n");

    Result result = run(Map.of("GPU_COLLECTOR_CMD", collector.toString(), "NVIDIA_SMI", smi.toString(),
        "OUT_DIR", dir.resolve("out").toString()));

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output)
        .contains("the collector agrees with nvidia-smi on 2 GPU(s)")
        .containsPattern("temperature.gpu +41 +42 +close")
        .containsPattern("power.draw +123.456 +125.10 +close")
        .containsPattern("memory.total +81559 +81559 +same")
        .containsPattern("fan.speed +null +\\[N/A] +same")
        .containsPattern("ecc.errors.corrected.volatile.total +null +\\[N/A] +same")
        .doesNotContain("DIFFERENT");
    assertThat(dir.resolve("out/nvidia-smi.csv")).exists();
  }

  @Test
  void reportsEveryFieldThatDiffersAndGpusOnlyOneSideSees() throws Exception {
    Path csv = dir.resolve("nvidia-smi.csv");
    Files.writeString(csv, H100_ROW.replace(", [N/A], 5, 0", ", 40, 6, 0") + "\n");

    Result result = run(Map.of(), "--json", json.toString(), "--csv", csv.toString());

    assertThat(result.exitCode).as(result.output).isEqualTo(1);
    assertThat(result.output)
        .containsPattern("fan.speed +null +40 +DIFFERENT")
        .containsPattern("ecc.errors.corrected.volatile.total +5 +6 +DIFFERENT")
        .contains("DIFFERENT GPU " + FakeNvml.A10_UUID + ": only the collector reports it")
        .contains("3 difference(s) between the collector and nvidia-smi");
  }

  @Test
  void aFailingCommandIsReportedWithItsOutput() throws Exception {
    Path collector = executable("collector", "echo 'error: NVML is not available: Driver Not Loaded' >&2\nexit 2\n");
    Path smi = executable("nvidia-smi", "printf '%s\\n' '" + H100_ROW + "'\n");

    Result result = run(Map.of("GPU_COLLECTOR_CMD", collector.toString(), "NVIDIA_SMI", smi.toString(),
        "OUT_DIR", dir.resolve("out").toString()));

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("the collector failed:", "error: NVML is not available: Driver Not Loaded");
  }

  private Path executable(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
