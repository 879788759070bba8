package io.eventpipe.launcher;

import io.eventpipe.events.GpuSample;
import io.eventpipe.gpu.GpuCollector;
import io.eventpipe.gpu.GpuCollectorConfig;
import io.eventpipe.gpu.SampleJson;
import io.eventpipe.gpu.nvml.NvmlUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./pipeline gpu-collector}: samples every GPU through NVML and publishes GPU samples until Ctrl-C. */
@Command(name = "gpu-collector", description = "Read every NVIDIA GPU through NVML and publish one sample per GPU per interval.")
final class GpuCollectorCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (not needed with --once --print).")
  String bootstrap;

  @Mixin
  KafkaFlags kafka;

  @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class,
      description = "Time between samples, e.g. 500ms, 10s, 1m (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--host", description = "Host name in the samples and their keys "
      + "(default: $NODE_NAME when set, as in the Kubernetes DaemonSet; else this machine's).")
  String host;

  @Option(names = "--once", description = "Sample one round and exit (with --print).")
  boolean once;

  @Option(names = "--print", description = "Print the round as JSON to stdout instead of publishing it (with --once).")
  boolean print;

  @Option(names = "--allow-missing", description = "Keep running without NVML, reporting \"no NVML\" in /health.")
  boolean allowMissing;

  @Option(names = "--nvml-library", paramLabel = "PATH", description = "An explicit libnvidia-ml file (default: the driver's libnvidia-ml.so.1).")
  Path nvmlLibrary;

  @Option(names = "--http-port", defaultValue = "9402", description = "Port of /metrics and /health; -1 for none (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Override
  public Integer call() throws Exception {
    String hostName = host == null ? GpuCollectorConfig.localHostName() : host;
    if (once != print) {
      throw new CliErrors.UserError("--once and --print go together: one round printed as JSON, without Kafka");
    }
    if (once) {
      return printOnce(hostName);
    }
    if (bootstrap == null) {
      throw new CliErrors.UserError("--bootstrap HOST:PORT is required (or --once --print to check this host by hand)");
    }
    BootstrapFlag.require(bootstrap);
    GpuCollectorConfig config = new GpuCollectorConfig(bootstrap, interval, hostName, nvmlLibrary, allowMissing, httpPort,
        kafka.connect(bootstrap));
    try (ShutdownSignal signal = new ShutdownSignal(); GpuCollector collector = start(config)) {
      System.out.println("GPU collector sampling every " + interval.toMillis() + " ms as host " + hostName + " to "
          + bootstrap + (collector.httpPort() < 0 ? "" : "; /metrics and /health on port " + collector.httpPort())
          + "; Ctrl-C to stop");
      signal.await();
      System.out.println("stopping the GPU collector...");
    }
    return 0;
  }

  private int printOnce(String hostName) throws Exception {
    List<GpuSample> samples;
    try {
      samples = GpuCollector.sampleOnce(nvmlLibrary, hostName,
          e -> System.err.println("warning: " + e.getMessage()));
    } catch (NvmlUnavailableException e) {
      throw new CliErrors.UserError("NVML is not available: " + e.getMessage());
    }
    System.out.println(SampleJson.pretty(samples));
    return 0;
  }

  private static GpuCollector start(GpuCollectorConfig config) {
    try {
      return GpuCollector.start(config);
    } catch (NvmlUnavailableException e) {
      throw new CliErrors.UserError("NVML is not available: " + e.getMessage()
          + " (use --allow-missing to run without it)");
    }
  }

  /** "500ms", "10s", "2m", "1h" or ISO-8601 ("PT10S"). */
}
