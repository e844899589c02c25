/*===- wpprecorder.h - tools/accuracy: the Inflight Trace Recorder DDIs ---===*
 *
 * Part of kmdf-check, under the Apache License v2.0 with LLVM Exceptions.
 * See LICENSE for license information.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 *===----------------------------------------------------------------------===*
 *
 * Written for kmdf-check's accuracy harness from Microsoft's public
 * documentation of the WPP Inflight Trace Recorder ("wpprecorder.h"):
 * declarations only. Debian's mingw-w64 has no such header.
 *
 *===----------------------------------------------------------------------===*/

#ifndef KMDFACC_WPPRECORDER_H
#define KMDFACC_WPPRECORDER_H

#ifdef __cplusplus
extern "C" {
#endif

DECLARE_HANDLE(RECORDER_LOG);
typedef RECORDER_LOG *PRECORDER_LOG;

#define WPP_RECORDER_MAX_LOG_IDENTIFIER_LENGTH 16

typedef struct _RECORDER_LOG_CREATE_PARAMS {
  ULONG Size;
  ULONG TotalBufferSize;
  ULONG ErrorPartitionSize;
  CHAR LogIdentifier[WPP_RECORDER_MAX_LOG_IDENTIFIER_LENGTH];
} RECORDER_LOG_CREATE_PARAMS, *PRECORDER_LOG_CREATE_PARAMS;

VOID RECORDER_LOG_CREATE_PARAMS_INIT(PRECORDER_LOG_CREATE_PARAMS Params, PCSTR LogIdentifier);

typedef struct _RECORDER_CONFIGURE_PARAMS {
  ULONG Size;
  BOOLEAN CreateDefaultLog;
} RECORDER_CONFIGURE_PARAMS, *PRECORDER_CONFIGURE_PARAMS;

VOID RECORDER_CONFIGURE_PARAMS_INIT(PRECORDER_CONFIGURE_PARAMS Params);

NTSTATUS WppRecorderLogCreate(PRECORDER_LOG_CREATE_PARAMS CreateParams, RECORDER_LOG *RecorderLog);
VOID WppRecorderLogDelete(RECORDER_LOG RecorderLog);
RECORDER_LOG WppRecorderLogGetDefault(VOID);
VOID WppRecorderConfigure(PRECORDER_CONFIGURE_PARAMS ConfigureParams);
BOOLEAN WppRecorderIsDefaultLogAvailable(VOID);
NTSTATUS WppRecorderLogSetIdentifier(RECORDER_LOG RecorderLog, PCSTR LogIdentifier);
VOID WppRecorderDumpLiveDriverData(VOID);

#ifdef __cplusplus
}
#endif

#endif /* KMDFACC_WPPRECORDER_H */
