"""Writes a C file of N DPC callbacks to stdout: every 500th one returns with
the lock held, so the file has exactly N // 500 findings."""
import sys

count = int(sys.argv[1])
print('#include "test-driver.h"')
for i in range(count):
    release = "" if i % 500 == 499 else "  WdfInterruptReleaseLock(Interrupt);\n"
    print(
        f"EVT_WDF_INTERRUPT_DPC Dpc{i};\n"
        f"VOID Dpc{i}(WDFINTERRUPT Interrupt, WDFOBJECT Device) {{\n"
        f"  PDEVICE_CONTEXT Ctx = GetDeviceContext(Device);\n"
        f"  WdfInterruptAcquireLock(Interrupt);\n"
        f"  Ctx->Count += {i};\n"
        f"  if (Ctx->Flags & {i % 31 + 1})\n"
        f"    Ctx->Count--;\n"
        f"{release}}}"
    )
