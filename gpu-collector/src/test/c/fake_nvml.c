/*
 * A fake libnvidia-ml.so.1 for tests on machines without a GPU.
 *
 * It exports the NVML symbols the collector uses, with NVML's ABI (nvmlReturn_t codes, struct layouts,
 * versioned symbol names as in nvml.h), and answers from a config file read at nvmlInit_v2 (the path in
 * the environment variable FAKE_NVML_CONFIG). The format is one "key=value" per line, '#' starts a comment:
 *
 *   init_error=9                          nvmlInit_v2 fails with this code
 *   devices=2                             number of GPUs
 *   device.0.name=NVIDIA H100 80GB HBM3   (also uuid, pci_bus_id)
 *   device.0.memory_total=85520809984     (also memory_free, memory_used, memory_reserved, util_gpu,
 *                                          util_memory, temperature, power_mw, power_limit_mw, clock_sm,
 *                                          clock_mem, fan, ecc_corrected, ecc_uncorrected, throttle)
 *   device.0.processes=4242:1073741824,77:na   pid:usedGpuMemory, "na" = NVML_VALUE_NOT_AVAILABLE
 *   device.0.error.nvmlDeviceGetFanSpeed=3     that call fails with that code (3 = NOT_SUPPORTED)
 *   device.1.lost_after=2                 after 2 handle lookups every call on the GPU is GPU_IS_LOST
 *   device.1.lost_while=/tmp/a10-gone     every call on the GPU is GPU_IS_LOST while that file exists
 *
 * Built twice: as a current driver, and with -DOLD_DRIVER as a pre-R535 driver that exports the older
 * symbol names (nvmlDeviceGetCurrentClocksThrottleReasons, nvmlDeviceGetComputeRunningProcesses_v2), no
 * nvmlDeviceGetMemoryInfo_v2, and no nvmlDeviceGetTotalEccErrors (standing for any function a library lacks).
 *
 * Why hand-written: there is no NVML emulator on Maven Central or Debian, and the point is to run the
 * collector's real JNA path (symbol lookup, struct layout, error strings) without a GPU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

enum {
  NVML_SUCCESS = 0, NVML_ERROR_UNINITIALIZED = 1, NVML_ERROR_INVALID_ARGUMENT = 2, NVML_ERROR_NOT_SUPPORTED = 3,
  NVML_ERROR_INSUFFICIENT_SIZE = 7, NVML_ERROR_GPU_IS_LOST = 15, NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25
};

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct {
  char busIdLegacy[16];
  unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
  char busId[32];
} nvmlPciInfo_t;
typedef struct {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;

#define MAX_DEVICES 8
#define MAX_PROCESSES 16
#define MAX_ERRORS 32
#define NVML_MEMORY_V2 ((unsigned int) (sizeof(nvmlMemory_v2_t) | (2u << 24)))

struct injected_error { char function[96]; int code; };

struct fake_device {
  char name[96], uuid[96], pci_bus_id[32];
  unsigned long long memory_total, memory_free, memory_used, memory_reserved;
  unsigned int util_gpu, util_memory, temperature, power_mw, power_limit_mw, clock_sm, clock_mem, fan;
  unsigned long long ecc_corrected, ecc_uncorrected, throttle;
  unsigned int process_count;
  nvmlProcessInfo_t processes[MAX_PROCESSES];
  struct injected_error errors[MAX_ERRORS];
  unsigned int error_count;
  long lost_after; /* -1: never */
  char lost_while[256];
  long lookups;
};

static struct fake_device devices[MAX_DEVICES];
static unsigned int device_count;
static int init_error;
static int init_depth;

static void set_device_field(struct fake_device *d, const char *key, const char *value) {
  unsigned long long n = strtoull(value, NULL, 10);
  if (strcmp(key, "name") == 0) snprintf(d->name, sizeof d->name, "%s", value);
  else if (strcmp(key, "uuid") == 0) snprintf(d->uuid, sizeof d->uuid, "%s", value);
  else if (strcmp(key, "pci_bus_id") == 0) snprintf(d->pci_bus_id, sizeof d->pci_bus_id, "%s", value);
  else if (strcmp(key, "memory_total") == 0) d->memory_total = n;
  else if (strcmp(key, "memory_free") == 0) d->memory_free = n;
  else if (strcmp(key, "memory_used") == 0) d->memory_used = n;
  else if (strcmp(key, "memory_reserved") == 0) d->memory_reserved = n;
  else if (strcmp(key, "util_gpu") == 0) d->util_gpu = (unsigned int) n;
  else if (strcmp(key, "util_memory") == 0) d->util_memory = (unsigned int) n;
  else if (strcmp(key, "temperature") == 0) d->temperature = (unsigned int) n;
  else if (strcmp(key, "power_mw") == 0) d->power_mw = (unsigned int) n;
  else if (strcmp(key, "power_limit_mw") == 0) d->power_limit_mw = (unsigned int) n;
  else if (strcmp(key, "clock_sm") == 0) d->clock_sm = (unsigned int) n;
  else if (strcmp(key, "clock_mem") == 0) d->clock_mem = (unsigned int) n;
  else if (strcmp(key, "fan") == 0) d->fan = (unsigned int) n;
  else if (strcmp(key, "ecc_corrected") == 0) d->ecc_corrected = n;
  else if (strcmp(key, "ecc_uncorrected") == 0) d->ecc_uncorrected = n;
  else if (strcmp(key, "throttle") == 0) d->throttle = n;
  else if (strcmp(key, "lost_after") == 0) d->lost_after = (long) n;
  else if (strcmp(key, "lost_while") == 0) snprintf(d->lost_while, sizeof d->lost_while, "%s", value);
  else if (strncmp(key, "error.", 6) == 0 && d->error_count < MAX_ERRORS) {
    struct injected_error *e = &d->errors[d->error_count++];
    snprintf(e->function, sizeof e->function, "%s", key + 6);
    e->code = atoi(value);
  } else if (strcmp(key, "processes") == 0) {
    char list[1024];
    snprintf(list, sizeof list, "%s", value);
    for (char *save = NULL, *item = strtok_r(list, ",", &save); item && d->process_count < MAX_PROCESSES;
         item = strtok_r(NULL, ",", &save)) {
      char *colon = strchr(item, ':');
      nvmlProcessInfo_t *p = &d->processes[d->process_count++];
      memset(p, 0, sizeof *p);
      p->pid = (unsigned int) strtoul(item, NULL, 10);
      p->usedGpuMemory = colon && strcmp(colon + 1, "na") != 0 ? strtoull(colon + 1, NULL, 10) : ~0ULL;
      p->gpuInstanceId = ~0u;
      p->computeInstanceId = ~0u;
    }
  }
}

static void load_config(void) {
  memset(devices, 0, sizeof devices);
  for (int i = 0; i < MAX_DEVICES; i++) devices[i].lost_after = -1;
  device_count = 0;
  init_error = 0;
  const char *path = getenv("FAKE_NVML_CONFIG");
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f) return;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    char *eq = strchr(line, '=');
    if (line[0] == '#' || !eq) continue;
    *eq = 0;
    const char *key = line, *value = eq + 1;
    if (strcmp(key, "devices") == 0) {
      device_count = (unsigned int) atoi(value);
      if (device_count > MAX_DEVICES) device_count = MAX_DEVICES;
    } else if (strcmp(key, "init_error") == 0) {
      init_error = atoi(value);
    } else if (strncmp(key, "device.", 7) == 0) {
      char *dot;
      long index = strtol(key + 7, &dot, 10);
      if (*dot == '.' && index >= 0 && index < MAX_DEVICES) set_device_field(&devices[index], dot + 1, value);
    }
  }
  fclose(f);
}

/* The code a call on this device returns before touching its outputs: lost GPU, injected error, or success. */
static nvmlReturn_t device_status(nvmlDevice_t d, const char *function) {
  if (init_depth == 0) return NVML_ERROR_UNINITIALIZED;
  if (d < devices || d >= devices + device_count) return NVML_ERROR_INVALID_ARGUMENT;
  if (d->lost_after >= 0 && d->lookups > d->lost_after) return NVML_ERROR_GPU_IS_LOST;
  if (d->lost_while[0] && access(d->lost_while, F_OK) == 0) return NVML_ERROR_GPU_IS_LOST;
  for (unsigned int i = 0; i < d->error_count; i++) {
    if (strcmp(d->errors[i].function, function) == 0) return d->errors[i].code;
  }
  return NVML_SUCCESS;
}

#define CHECK(device, out) do { \
    nvmlReturn_t status_ = device_status(device, __func__); \
    if (status_ != NVML_SUCCESS) return status_; \
    if (!(out)) return NVML_ERROR_INVALID_ARGUMENT; \
  } while (0)

nvmlReturn_t nvmlInit_v2(void) {
  if (init_depth == 0) load_config();
  if (init_error) return init_error;
  init_depth++;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
  if (init_depth == 0) return NVML_ERROR_UNINITIALIZED;
  init_depth--;
  return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case 0: return "Success";
    case 1: return "Uninitialized";
    case 2: return "Invalid Argument";
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 5: return "Already Initialized";
    case 6: return "Not Found";
    case 7: return "Insufficient Size";
    case 8: return "Insufficient External Power";
    case 9: return "Driver Not Loaded";
    case 10: return "Timeout";
    case 12: return "NVML Shared Library Not Found";
    case 13: return "Function Not Found";
    case 15: return "GPU is lost";
    case 999: return "Unknown Error";
    default: return "Unknown Error";
  }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
  if (init_depth == 0) return NVML_ERROR_UNINITIALIZED;
  if (!count) return NVML_ERROR_INVALID_ARGUMENT;
  *count = device_count;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
  if (init_depth == 0) return NVML_ERROR_UNINITIALIZED;
  if (index >= device_count || !device) return NVML_ERROR_INVALID_ARGUMENT;
  devices[index].lookups++;
  *device = &devices[index];
  return NVML_SUCCESS;
}

static nvmlReturn_t copy_string(const char *value, char *out, unsigned int length) {
  if (strlen(value) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
  strcpy(out, value);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *name, unsigned int length) {
  CHECK(d, name);
  return copy_string(d->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *uuid, unsigned int length) {
  CHECK(d, uuid);
  return copy_string(d->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t d, nvmlPciInfo_t *pci) {
  CHECK(d, pci);
  memset(pci, 0, sizeof *pci);
  snprintf(pci->busId, sizeof pci->busId, "%s", d->pci_bus_id);
  snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%s", d->pci_bus_id + (strlen(d->pci_bus_id) > 12 ? 4 : 0));
  pci->pciDeviceId = 0x233010DE;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t d, nvmlMemory_t *memory) {
  CHECK(d, memory);
  memory->total = d->memory_total;
  memory->free = d->memory_free;
  memory->used = d->memory_used + d->memory_reserved; /* v1 counts the driver's reservation as used */
  return NVML_SUCCESS;
}

#ifndef OLD_DRIVER
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t d, nvmlMemory_v2_t *memory) {
  CHECK(d, memory);
  if (memory->version != NVML_MEMORY_V2) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
  memory->total = d->memory_total;
  memory->reserved = d->memory_reserved;
  memory->free = d->memory_free;
  memory->used = d->memory_used;
  return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *utilization) {
  CHECK(d, utilization);
  utilization->gpu = d->util_gpu;
  utilization->memory = d->util_memory;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t d, int sensor, unsigned int *temperature) {
  CHECK(d, temperature);
  if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
  *temperature = d->temperature;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *milliwatts) {
  CHECK(d, milliwatts);
  *milliwatts = d->power_mw;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerManagementLimit(nvmlDevice_t d, unsigned int *milliwatts) {
  CHECK(d, milliwatts);
  *milliwatts = d->power_limit_mw;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t d, int type, unsigned int *clock) {
  CHECK(d, clock);
  switch (type) {
    case 1: *clock = d->clock_sm; return NVML_SUCCESS;  /* NVML_CLOCK_SM */
    case 2: *clock = d->clock_mem; return NVML_SUCCESS; /* NVML_CLOCK_MEM */
    default: return NVML_ERROR_INVALID_ARGUMENT;
  }
}

nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t d, unsigned int *speed) {
  CHECK(d, speed);
  *speed = d->fan;
  return NVML_SUCCESS;
}

#ifndef OLD_DRIVER
nvmlReturn_t nvmlDeviceGetTotalEccErrors(nvmlDevice_t d, int errorType, int counterType, unsigned long long *count) {
  CHECK(d, count);
  if (counterType != 0 && counterType != 1) return NVML_ERROR_INVALID_ARGUMENT;
  switch (errorType) {
    case 0: *count = d->ecc_corrected; return NVML_SUCCESS;
    case 1: *count = d->ecc_uncorrected; return NVML_SUCCESS;
    default: return NVML_ERROR_INVALID_ARGUMENT;
  }
}
#endif

#ifdef OLD_DRIVER
#define CLOCKS_EVENT_REASONS nvmlDeviceGetCurrentClocksThrottleReasons
#define COMPUTE_RUNNING_PROCESSES nvmlDeviceGetComputeRunningProcesses_v2
#else
#define CLOCKS_EVENT_REASONS nvmlDeviceGetCurrentClocksEventReasons
#define COMPUTE_RUNNING_PROCESSES nvmlDeviceGetComputeRunningProcesses_v3
#endif

nvmlReturn_t CLOCKS_EVENT_REASONS(nvmlDevice_t d, unsigned long long *reasons) {
  CHECK(d, reasons);
  *reasons = d->throttle;
  return NVML_SUCCESS;
}

nvmlReturn_t COMPUTE_RUNNING_PROCESSES(nvmlDevice_t d, unsigned int *count, nvmlProcessInfo_t *infos) {
  CHECK(d, count);
  if (*count < d->process_count || (d->process_count > 0 && !infos)) {
    *count = d->process_count;
    return d->process_count == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
  }
  memcpy(infos, d->processes, d->process_count * sizeof *infos);
  *count = d->process_count;
  return NVML_SUCCESS;
}
