/*===- wdm.h - tools/accuracy: newer DDIs on top of mingw-w64's wdm.h ------===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Debian's mingw-w64 DDK is older than the WDK the measured drivers are built
 * with. The accuracy harness puts this folder before mingw's on the include
 * path: this file includes mingw's wdm.h and then declares the newer DDIs
 * those drivers call, written for kmdf-check from Microsoft's public
 * documentation (learn.microsoft.com, "wdm.h"). Only what the corpus needs.
 *
 *===----------------------------------------------------------------------===*/

/* mingw's CM_PARTIAL_RESOURCE_DESCRIPTOR predates the Connection and DmaV3
   members that SoC drivers read: mingw's is renamed while its wdm.h is read,
   and the documented one is declared below under the usual names. */
#ifndef KMDFACC_WDM_EXTRAS_H
#define _CM_PARTIAL_RESOURCE_DESCRIPTOR _KMDFACC_MINGW_CM_PARTIAL_RESOURCE_DESCRIPTOR
#define CM_PARTIAL_RESOURCE_DESCRIPTOR KMDFACC_MINGW_CM_PARTIAL_RESOURCE_DESCRIPTOR
#define PCM_PARTIAL_RESOURCE_DESCRIPTOR PKMDFACC_MINGW_CM_PARTIAL_RESOURCE_DESCRIPTOR
/* Likewise its DMA adapter operations stop before version 3
   (ConfigureAdapterChannel, which SoC serial drivers call). */
#define _DMA_ADAPTER _KMDFACC_MINGW_DMA_ADAPTER
#define DMA_ADAPTER KMDFACC_MINGW_DMA_ADAPTER
#define PDMA_ADAPTER PKMDFACC_MINGW_DMA_ADAPTER
#define _DMA_OPERATIONS _KMDFACC_MINGW_DMA_OPERATIONS
#define DMA_OPERATIONS KMDFACC_MINGW_DMA_OPERATIONS
#define PDMA_OPERATIONS PKMDFACC_MINGW_DMA_OPERATIONS
#endif

#include_next <wdm.h>

#ifndef KMDFACC_WDM_EXTRAS_H
#define KMDFACC_WDM_EXTRAS_H

#undef _CM_PARTIAL_RESOURCE_DESCRIPTOR
#undef CM_PARTIAL_RESOURCE_DESCRIPTOR
#undef PCM_PARTIAL_RESOURCE_DESCRIPTOR
#undef _DMA_ADAPTER
#undef DMA_ADAPTER
#undef PDMA_ADAPTER
#undef _DMA_OPERATIONS
#undef DMA_OPERATIONS
#undef PDMA_OPERATIONS

/* mingw defines __forceinline as `extern __inline__` for its GNU C mode,
   which `static __forceinline` (valid for MSVC) cannot combine with. clang's
   own __forceinline keyword (-fms-extensions) is MSVC's meaning. */
#undef __forceinline

#ifndef EXTERN_C_START
#ifdef __cplusplus
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C_START
#define EXTERN_C_END
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* SAL and driver annotations newer than mingw's sal.h and driverspecs.h:
   no meaning for the analysis. */
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _IRQL_limited_to_
#define _IRQL_limited_to_(x)
#endif
#ifndef _IRQL_saves_global_
#define _IRQL_saves_global_(kind, param)
#endif
#ifndef _IRQL_restores_global_
#define _IRQL_restores_global_(kind, param)
#endif
#ifndef _Kernel_clear_do_init_
#define _Kernel_clear_do_init_(x)
#endif
#ifndef __drv_functionClass
#define __drv_functionClass(x)
#endif
#ifndef __drv_requiresIRQL
#define __drv_requiresIRQL(x)
#endif
#ifndef __drv_maxIRQL
#define __drv_maxIRQL(x)
#endif
#ifndef __drv_sameIRQL
#define __drv_sameIRQL
#endif
#ifndef __drv_dispatchType
#define __drv_dispatchType(x)
#endif

/* The resource descriptor as documented (Windows 8 and later). */
#include <pshpack4.h>
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
  UCHAR Type;
  UCHAR ShareDisposition;
  USHORT Flags;
  union {
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length;
    } Generic;
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length;
    } Port;
    struct {
#if defined(NT_PROCESSOR_GROUPS)
      USHORT Level;
      USHORT Group;
#else
      ULONG Level;
#endif
      ULONG Vector;
      KAFFINITY Affinity;
    } Interrupt;
    struct {
      union {
        struct {
#if defined(NT_PROCESSOR_GROUPS)
          USHORT Group;
#else
          USHORT Reserved;
#endif
          USHORT MessageCount;
          ULONG Vector;
          KAFFINITY Affinity;
        } Raw;
        struct {
#if defined(NT_PROCESSOR_GROUPS)
          USHORT Level;
          USHORT Group;
#else
          ULONG Level;
#endif
          ULONG Vector;
          KAFFINITY Affinity;
        } Translated;
      };
    } MessageInterrupt;
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length;
    } Memory;
    struct {
      ULONG Channel;
      ULONG Port;
      ULONG Reserved1;
    } Dma;
    struct {
      ULONG Channel;
      ULONG RequestLine;
      UCHAR TransferWidth;
      UCHAR Reserved1;
      UCHAR Reserved2;
      UCHAR Reserved3;
    } DmaV3;
    struct {
      ULONG Data[3];
    } DevicePrivate;
    struct {
      ULONG Start;
      ULONG Length;
      ULONG Reserved;
    } BusNumber;
    struct {
      ULONG DataSize;
      ULONG Reserved1;
      ULONG Reserved2;
    } DeviceSpecificData;
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length40;
    } Memory40;
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length48;
    } Memory48;
    struct {
      PHYSICAL_ADDRESS Start;
      ULONG Length64;
    } Memory64;
    struct {
      UCHAR Class;
      UCHAR Type;
      UCHAR Reserved1;
      UCHAR Reserved2;
      ULONG IdLowPart;
      ULONG IdHighPart;
    } Connection;
  } u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;
#include <poppack.h>

/* The DMA adapter and its operations as documented (version 3). Members
   that no measured driver calls are typed loosely (PVOID). */
typedef struct _DMA_ADAPTER {
  USHORT Version;
  USHORT Size;
  struct _DMA_OPERATIONS *DmaOperations;
} DMA_ADAPTER, *PDMA_ADAPTER;

typedef struct _DMA_OPERATIONS {
  ULONG Size;
  VOID (*PutDmaAdapter)(PDMA_ADAPTER DmaAdapter);
  PVOID (*AllocateCommonBuffer)(PDMA_ADAPTER DmaAdapter, ULONG Length,
                                PPHYSICAL_ADDRESS LogicalAddress, BOOLEAN CacheEnabled);
  VOID (*FreeCommonBuffer)(PDMA_ADAPTER DmaAdapter, ULONG Length,
                           PHYSICAL_ADDRESS LogicalAddress, PVOID VirtualAddress,
                           BOOLEAN CacheEnabled);
  PVOID AllocateAdapterChannel;
  PVOID FlushAdapterBuffers;
  VOID (*FreeAdapterChannel)(PDMA_ADAPTER DmaAdapter);
  VOID (*FreeMapRegisters)(PDMA_ADAPTER DmaAdapter, PVOID MapRegisterBase,
                           ULONG NumberOfMapRegisters);
  PVOID MapTransfer;
  ULONG (*GetDmaAlignment)(PDMA_ADAPTER DmaAdapter);
  ULONG (*ReadDmaCounter)(PDMA_ADAPTER DmaAdapter);
  PVOID GetScatterGatherList;
  PVOID PutScatterGatherList;
  PVOID CalculateScatterGatherList;
  PVOID BuildScatterGatherList;
  PVOID BuildMdlFromScatterGatherList;
  PVOID GetDmaTransferInfo;
  PVOID InitializeDmaTransferContext;
  PVOID AllocateCommonBufferEx;
  PVOID AllocateAdapterChannelEx;
  NTSTATUS (*ConfigureAdapterChannel)(PDMA_ADAPTER DmaAdapter, ULONG FunctionNumber,
                                      PVOID Context);
  BOOLEAN (*CancelAdapterChannel)(PDMA_ADAPTER DmaAdapter, PDEVICE_OBJECT DeviceObject,
                                  PVOID DmaTransferContext);
  PVOID MapTransferEx;
  PVOID GetScatterGatherListEx;
  PVOID BuildScatterGatherListEx;
  PVOID FlushAdapterBuffersEx;
  PVOID FreeAdapterObject;
  PVOID CancelMappedTransfer;
} DMA_OPERATIONS, *PDMA_OPERATIONS;

#ifndef CmResourceTypeConnection
#define CmResourceTypeConnection 132
#endif
#define CM_RESOURCE_CONNECTION_CLASS_GPIO 0x01
#define CM_RESOURCE_CONNECTION_CLASS_SERIAL 0x02
#define CM_RESOURCE_CONNECTION_CLASS_FUNCTION_CONFIG 0x03
#define CM_RESOURCE_CONNECTION_TYPE_GPIO_IO 0x02
#define CM_RESOURCE_CONNECTION_TYPE_SERIAL_I2C 0x01
#define CM_RESOURCE_CONNECTION_TYPE_SERIAL_SPI 0x02
#define CM_RESOURCE_CONNECTION_TYPE_SERIAL_UART 0x03
#define CM_RESOURCE_CONNECTION_TYPE_FUNCTION_CONFIG 0x01
#ifndef CM_RESOURCE_DMA_V3
#define CM_RESOURCE_DMA_V3 0x0100
#endif

/* Status codes newer than mingw's ntstatus.h. */
#ifndef STATUS_OPERATION_IN_PROGRESS
#define STATUS_OPERATION_IN_PROGRESS ((NTSTATUS)0xC0000476L)
#endif
#ifndef STATUS_BAD_DATA
#define STATUS_BAD_DATA ((NTSTATUS)0xC000090BL)
#endif
#ifndef DEVICE_DESCRIPTION_VERSION3
#define DEVICE_DESCRIPTION_VERSION3 0x0003
#endif
#ifndef STATUS_NO_WORK_DONE
#define STATUS_NO_WORK_DONE ((NTSTATUS)0x80000022L)
#endif
#ifndef STATUS_DEVICE_HARDWARE_ERROR
#define STATUS_DEVICE_HARDWARE_ERROR ((NTSTATUS)0xC0000483L)
#endif

#ifndef POOL_NX_ALLOCATION
#define POOL_NX_ALLOCATION 512
#endif
#ifndef MdlMappingNoExecute
#define MdlMappingNoExecute 0x40000000
#endif
#ifndef MdlMappingNoWrite
#define MdlMappingNoWrite 0x80000000
#endif
#ifndef CRITICAL_STRUCTURE_CORRUPTION
#define CRITICAL_STRUCTURE_CORRUPTION 0x00000109
#endif
#ifndef WMIGUID_NOTIFICATION
#define WMIGUID_NOTIFICATION 0x0004
#endif
#ifndef ULONGLONG_MAX
#define ULONGLONG_MAX 0xffffffffffffffffULL
#endif
#ifndef LONGLONG_MAX
#define LONGLONG_MAX 0x7fffffffffffffffLL
#endif
#ifndef LONG64_ERROR
#define LONG64_ERROR (-1LL)
#endif
#ifndef LOCALE_NEUTRAL
#define LOCALE_NEUTRAL 0x0000
#endif

/* Register access without a memory barrier (Windows 8). On x64 the WDK's
   are the plain accessors. */
#ifndef READ_REGISTER_NOFENCE_ULONG
#define READ_REGISTER_NOFENCE_UCHAR(r) READ_REGISTER_UCHAR(r)
#define READ_REGISTER_NOFENCE_USHORT(r) READ_REGISTER_USHORT(r)
#define READ_REGISTER_NOFENCE_ULONG(r) READ_REGISTER_ULONG(r)
#define READ_REGISTER_NOFENCE_ULONG64(r) READ_REGISTER_ULONG64(r)
#define WRITE_REGISTER_NOFENCE_UCHAR(r, v) WRITE_REGISTER_UCHAR(r, v)
#define WRITE_REGISTER_NOFENCE_USHORT(r, v) WRITE_REGISTER_USHORT(r, v)
#define WRITE_REGISTER_NOFENCE_ULONG(r, v) WRITE_REGISTER_ULONG(r, v)
#define WRITE_REGISTER_NOFENCE_ULONG64(r, v) WRITE_REGISTER_ULONG64(r, v)
#define READ_REGISTER_NOFENCE_BUFFER_UCHAR(r, b, c) READ_REGISTER_BUFFER_UCHAR(r, b, c)
#define READ_REGISTER_NOFENCE_BUFFER_ULONG(r, b, c) READ_REGISTER_BUFFER_ULONG(r, b, c)
#define WRITE_REGISTER_NOFENCE_BUFFER_UCHAR(r, b, c) WRITE_REGISTER_BUFFER_UCHAR(r, b, c)
#define WRITE_REGISTER_NOFENCE_BUFFER_ULONG(r, b, c) WRITE_REGISTER_BUFFER_ULONG(r, b, c)
#endif

/* ARM barrier intrinsics that SoC drivers call without an #ifdef. */
#ifndef _DataSynchronizationBarrier
#define _DataSynchronizationBarrier() ((void)0)
#endif
#ifndef _InstructionSynchronizationBarrier
#define _InstructionSynchronizationBarrier() ((void)0)
#endif

#ifndef UFIELD_OFFSET
#define UFIELD_OFFSET(type, field) ((ULONG)FIELD_OFFSET(type, field))
#endif

/* Memory access with acquire/release or no fence (Windows 8): on x64 plain
   volatile accesses. */
#define KMDFACC_READ_WRITE(Name, Type)                                              \
  FORCEINLINE Type Read##Name##Acquire(Type const volatile *Source) { return *Source; } \
  FORCEINLINE Type Read##Name##NoFence(Type const volatile *Source) { return *Source; } \
  FORCEINLINE Type Read##Name##Raw(Type const volatile *Source) { return *Source; }     \
  FORCEINLINE VOID Write##Name##Release(Type volatile *Destination, Type Value) {       \
    *Destination = Value;                                                                \
  }                                                                                      \
  FORCEINLINE VOID Write##Name##NoFence(Type volatile *Destination, Type Value) {       \
    *Destination = Value;                                                                \
  }                                                                                      \
  FORCEINLINE VOID Write##Name##Raw(Type volatile *Destination, Type Value) {           \
    *Destination = Value;                                                                \
  }
KMDFACC_READ_WRITE(UChar, UCHAR)
KMDFACC_READ_WRITE(UShort, USHORT)
KMDFACC_READ_WRITE(ULong, ULONG)
KMDFACC_READ_WRITE(ULong64, ULONG64)
KMDFACC_READ_WRITE(Long64, LONG64)
KMDFACC_READ_WRITE(Boolean, BOOLEAN)
#undef KMDFACC_READ_WRITE
FORCEINLINE LONG ReadAcquire(LONG const volatile *Source) { return *Source; }
FORCEINLINE LONG ReadNoFence(LONG const volatile *Source) { return *Source; }
FORCEINLINE VOID WriteRelease(LONG volatile *Destination, LONG Value) { *Destination = Value; }
FORCEINLINE VOID WriteNoFence(LONG volatile *Destination, LONG Value) { *Destination = Value; }
FORCEINLINE PVOID ReadPointerAcquire(PVOID const volatile *Source) { return *Source; }
FORCEINLINE PVOID ReadPointerNoFence(PVOID const volatile *Source) { return *Source; }
FORCEINLINE VOID WritePointerRelease(PVOID volatile *Destination, PVOID Value) {
  *Destination = Value;
}
FORCEINLINE VOID WritePointerNoFence(PVOID volatile *Destination, PVOID Value) {
  *Destination = Value;
}

/* Device reset (Windows 10). */
typedef enum _DEVICE_RESET_TYPE {
  FunctionLevelDeviceReset,
  PlatformLevelDeviceReset
} DEVICE_RESET_TYPE;
typedef NTSTATUS DEVICE_RESET_HANDLER(PVOID InterfaceContext, DEVICE_RESET_TYPE ResetType,
                                      ULONG Flags, PVOID ResetParameters);
typedef DEVICE_RESET_HANDLER *PDEVICE_RESET_HANDLER;
typedef struct _DEVICE_RESET_INTERFACE_STANDARD {
  USHORT Size;
  USHORT Version;
  PVOID Context;
  PINTERFACE_REFERENCE InterfaceReference;
  PINTERFACE_DEREFERENCE InterfaceDereference;
  PDEVICE_RESET_HANDLER DeviceReset;
  ULONG SupportedResetTypes;
  PVOID Reserved;
} DEVICE_RESET_INTERFACE_STANDARD, *PDEVICE_RESET_INTERFACE_STANDARD;
#define DEVICE_RESET_INTERFACE_VERSION 1
DEFINE_GUID(GUID_DEVICE_RESET_INTERFACE_STANDARD, 0x649fdf26, 0x3bc0, 0x4813, 0xad, 0x24, 0x7e,
            0x0c, 0x1e, 0xda, 0x3f, 0xa3);

/* Executive spin locks (reader/writer, Windows 7 SP1). */
typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;
KIRQL ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock);
VOID ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
KIRQL ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock);
VOID ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql);
VOID ExAcquireSpinLockSharedAtDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID ExReleaseSpinLockSharedFromDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID ExAcquireSpinLockExclusiveAtDpcLevel(PEX_SPIN_LOCK SpinLock);
VOID ExReleaseSpinLockExclusiveFromDpcLevel(PEX_SPIN_LOCK SpinLock);

/* MDLs for I/O space (Windows 8). */
typedef struct _MM_PHYSICAL_ADDRESS_LIST {
  PHYSICAL_ADDRESS PhysicalAddress;
  SIZE_T NumberOfBytes;
} MM_PHYSICAL_ADDRESS_LIST, *PMM_PHYSICAL_ADDRESS_LIST;
NTSTATUS MmAllocateMdlForIoSpace(PMM_PHYSICAL_ADDRESS_LIST PhysicalAddressList,
                                 SIZE_T NumberOfEntries, PMDL *NewMdl);

/* Hot-removable node pages (Windows 8). */
#ifndef MM_ALLOCATE_AND_HOT_REMOVE
#define MM_ALLOCATE_AND_HOT_REMOVE 0x00000100
#endif
PMDL MmAllocateNodePagesForMdlEx(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
                                 PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes,
                                 MEMORY_CACHING_TYPE CacheType, ULONG IdealNode, ULONG Flags);

/* Device interface properties (Windows Vista). */
NTSTATUS IoSetDeviceInterfacePropertyData(PUNICODE_STRING SymbolicLinkName,
                                          const DEVPROPKEY *PropertyKey, LCID Lcid, ULONG Flags,
                                          DEVPROPTYPE Type, ULONG Size, PVOID Data);

/* ExAllocatePool2 (Windows 10 2004). */
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);

/* ExAllocatePoolZero / ExAllocatePoolUninitialized (Windows 10 2004). */
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);

/* MmMapIoSpaceEx (Windows 10): Protect is a PAGE_* combination. */
PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect);

/* MmAllocateContiguousNodeMemory (Windows Vista; mingw declares it in
   ntddk.h only, drivers that include wdm.h alone call it too). */
PVOID MmAllocateContiguousNodeMemory(SIZE_T NumberOfBytes,
                                     PHYSICAL_ADDRESS LowestAcceptableAddress,
                                     PHYSICAL_ADDRESS HighestAcceptableAddress,
                                     PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                     ULONG Protect, NODE_REQUIREMENT PreferredNode);

/* ExInitializeDriverRuntime (Windows 8): opts the driver in to NX pool. */
#define DrvRtPoolNxOptIn 0x00000001
VOID ExInitializeDriverRuntime(ULONG RuntimeFlags);

#ifdef __cplusplus
}

/* The WDK declares MmMapLockedPagesSpecifyCache's Priority a ULONG (a page
   priority or'ed with MdlMapping* flags); mingw declares it the enum, which
   C++ will not convert an int to. (extern "C++": drivers include wdm.h
   inside extern "C" blocks.) */
extern "C++" {
FORCEINLINE PVOID MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList,
                                               KPROCESSOR_MODE AccessMode,
                                               MEMORY_CACHING_TYPE CacheType,
                                               PVOID RequestedAddress, ULONG BugCheckOnFailure,
                                               ULONG Priority) {
  return MmMapLockedPagesSpecifyCache(MemoryDescriptorList, AccessMode, CacheType,
                                      RequestedAddress, BugCheckOnFailure,
                                      (MM_PAGE_PRIORITY)Priority);
}
}
#endif

#endif /* KMDFACC_WDM_EXTRAS_H */
