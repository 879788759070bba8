package io.eventpipe.gpu.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * An initialized NVML session (nvmlInit_v2 on open, nvmlShutdown on close) over the driver's
 * libnvidia-ml.so.1 or an explicit library file. Every failed call becomes an {@link NvmlException}
 * carrying NVML's own error text.
 */
public final class Nvml implements AutoCloseable {
  /** The soname the NVIDIA driver installs; the unversioned .so only comes with development packages. */
  public static final String DEFAULT_LIBRARY = "libnvidia-ml.so.1";
  private static final NvmlSymbols SYMBOLS = new NvmlSymbols();

  private final NvmlLibrary library;
  private final boolean memoryV2;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Nvml(NvmlLibrary library, boolean memoryV2) {
    this.library = library;
    this.memoryV2 = memoryV2;
  }

  /**
   * Loads and initializes NVML.
   *
   * @param libraryFile an explicit libnvidia-ml file, or null for the driver's library on the loader path
   */
  public static Nvml open(Path libraryFile) throws NvmlUnavailableException {
    String name = libraryFile == null ? DEFAULT_LIBRARY : libraryFile.toAbsolutePath().toString();
    if (libraryFile != null && !Files.isRegularFile(libraryFile)) {
      throw new NvmlUnavailableException("no NVML library file at " + libraryFile);
    }
    NvmlLibrary library;
    boolean memoryV2;
    try {
      Map<String, Object> options = Map.of(Library.OPTION_FUNCTION_MAPPER, SYMBOLS);
      library = Native.load(name, NvmlLibrary.class, options);
      memoryV2 = NvmlSymbols.exports(NativeLibrary.getInstance(name, options), "nvmlDeviceGetMemoryInfo_v2");
    } catch (UnsatisfiedLinkError e) {
      // JNA's message starts "Unable to load library 'x':", then the dynamic loader's own reason.
      String reason = e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage());
      throw new NvmlUnavailableException("cannot load " + name + " (is the NVIDIA driver installed?): " + reason);
    }
    int rc = library.nvmlInit_v2();
    if (rc != 0) {
      throw new NvmlUnavailableException("nvmlInit_v2 failed: " + library.nvmlErrorString(rc) + " (nvmlReturn_t " + rc + ")");
    }
    return new Nvml(library, memoryV2);
  }

  /** Whether the driver's NVML loads and initializes here; for callers deciding whether to start the collector. */
  public static boolean isAvailable() {
    return isAvailable(null);
  }

  /** Whether NVML (an explicit library file, or null for the driver's) loads and initializes here. */
  public static boolean isAvailable(Path libraryFile) {
    try (Nvml nvml = open(libraryFile)) {
      return true;
    } catch (NvmlUnavailableException e) {
      return false;
    }
  }

  public int deviceCount() {
    IntByReference count = new IntByReference();
    call("nvmlDeviceGetCount_v2", () -> library.nvmlDeviceGetCount_v2(count));
    return count.getValue();
  }

  /** The GPU at NVML's enumeration index (the index nvidia-smi shows). */
  public NvmlDevice device(int index) {
    PointerByReference handle = new PointerByReference();
    call("nvmlDeviceGetHandleByIndex_v2", () -> library.nvmlDeviceGetHandleByIndex_v2(index, handle));
    return new NvmlDevice(this, library, handle.getValue(), memoryV2);
  }

  /** Calls an NVML function and throws {@link NvmlException} on an error code. */
  void call(String function, IntSupplier nativeCall) {
    check(function, status(nativeCall));
  }

  /**
   * The nvmlReturn_t of a call. A function this library does not export (an older driver) reads as NVML's
   * own FUNCTION_NOT_FOUND rather than escaping as JNA's UnsatisfiedLinkError.
   */
  int status(IntSupplier nativeCall) {
    try {
      return nativeCall.getAsInt();
    } catch (UnsatisfiedLinkError e) {
      return NvmlException.FUNCTION_NOT_FOUND;
    }
  }

  void check(String function, int rc) {
    if (rc != 0) {
      throw new NvmlException(function, rc, library.nvmlErrorString(rc));
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      library.nvmlShutdown();
    }
  }
}
