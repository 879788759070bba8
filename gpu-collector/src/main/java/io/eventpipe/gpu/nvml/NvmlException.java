package io.eventpipe.gpu.nvml;

/** An NVML call that returned an error code, with NVML's own text for it (nvmlErrorString). */
public final class NvmlException extends RuntimeException {
  public static final int NOT_SUPPORTED = 3;
  public static final int INSUFFICIENT_SIZE = 7;
  public static final int FUNCTION_NOT_FOUND = 13;
  public static final int GPU_IS_LOST = 15;

  private final String function;
  private final int code;
  private final String text;

  NvmlException(String function, int code, String text) {
    super(function + " failed: " + text + " (nvmlReturn_t " + code + ")");
    this.function = function;
    this.code = code;
    this.text = text;
  }

  /** The NVML function that failed, e.g. "nvmlDeviceGetFanSpeed". */
  public String function() {
    return function;
  }

  public int code() {
    return code;
  }

  /** NVML's description of the code, e.g. "Not Supported". */
  public String text() {
    return text;
  }

  /** The GPU or this driver does not offer the query: NOT_SUPPORTED, or a function the library lacks. */
  public boolean notSupported() {
    return code == NOT_SUPPORTED || code == FUNCTION_NOT_FOUND;
  }

  public boolean gpuLost() {
    return code == GPU_IS_LOST;
  }
}
