package io.eventpipe.gpu.nvml;

import com.sun.jna.FunctionMapper;
import com.sun.jna.NativeLibrary;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link NvmlLibrary} method to the newest symbol the loaded driver exports: NVML renames and
 * versions functions across releases, and the collector must run on old and new drivers alike.
 */
final class NvmlSymbols implements FunctionMapper {
  private static final Map<String, List<String>> CANDIDATES = Map.of(
      "nvmlDeviceGetCurrentClocksEventReasons",
      List.of("nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"),
      "nvmlDeviceGetComputeRunningProcesses",
      List.of("nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2"));

  @Override
  public String getFunctionName(NativeLibrary library, Method method) {
    List<String> names = CANDIDATES.getOrDefault(method.getName(), List.of(method.getName()));
    for (String name : names) {
      if (exports(library, name)) {
        return name;
      }
    }
    return names.get(0);
  }

  static boolean exports(NativeLibrary library, String symbol) {
    try {
      library.getFunction(symbol);
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }
}
