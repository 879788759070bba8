package io.eventpipe.gpu.nvml;

/** NVML cannot be used on this host: the library is missing or unloadable, or nvmlInit_v2 failed. */
public final class NvmlUnavailableException extends Exception {
  NvmlUnavailableException(String message) {
    super(message);
  }
}
