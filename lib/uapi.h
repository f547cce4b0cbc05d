/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uapi.h - the kernel's seccomp, BPF and audit interface, with fallbacks for
 * constants newer than the installed headers (Debian 12 ships 6.1 uapi
 * headers; the suite tests kernels up to 6.18). Values are from the kernel's
 * include/uapi/linux/seccomp.h; the version that added each is in probe.c.
 */
#ifndef SCT_UAPI_H
#define SCT_UAPI_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>

#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL		2
#endif
#ifndef SECCOMP_GET_NOTIF_SIZES
#define SECCOMP_GET_NOTIF_SIZES			3
#endif
#ifndef SECCOMP_FILTER_FLAG_LOG
#define SECCOMP_FILTER_FLAG_LOG			(1UL << 1)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW		(1UL << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER	(1UL << 3)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH		(1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1UL << 5)
#endif
/* Every flag bit the newest kernel this suite knows (6.18) accepts. */
#define SCT_KNOWN_FILTER_FLAGS	((1UL << 6) - 1)

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS	0x80000000U
#endif
#ifndef SECCOMP_RET_USER_NOTIF
#define SECCOMP_RET_USER_NOTIF		0x7fc00000U
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG			0x7ffc0000U
#endif
#ifndef SECCOMP_RET_ACTION_FULL
#define SECCOMP_RET_ACTION_FULL		0xffff0000U
#endif

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE	(1UL << 0)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SETFD
#define SECCOMP_ADDFD_FLAG_SETFD	(1UL << 0)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND		(1UL << 1)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	(1UL << 0)
#endif
#ifndef SECCOMP_IOC_MAGIC
#define SECCOMP_IOC_MAGIC		'!'
#endif
/* The first ID_VALID number (5.0) had the wrong direction; the kernel still
 * accepts it (kernel/seccomp.c: SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR). */
#ifndef SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR	_IOR(SECCOMP_IOC_MAGIC, 2, __u64)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	_IOW(SECCOMP_IOC_MAGIC, 4, __u64)
#endif

#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39
#endif

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER	0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA	0x420d
#endif

/* Offsets into struct seccomp_data, the input every filter reads. */
#define SCT_OFF_NR	offsetof(struct seccomp_data, nr)
#define SCT_OFF_ARCH	offsetof(struct seccomp_data, arch)
#define SCT_OFF_IP	offsetof(struct seccomp_data, instruction_pointer)
#define SCT_OFF_ARG(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SCT_LO32	0
#define SCT_HI32	4
#else
#define SCT_LO32	4
#define SCT_HI32	0
#endif

/* si_code of a SIGSYS sent by seccomp (include/uapi/asm-generic/siginfo.h) */
#define SCT_SYS_SECCOMP	1

/* MAX_ERRNO in the kernel: ERRNO data above it is clamped. */
#define SCT_MAX_ERRNO	4095
/* kernel/seccomp.c: MAX_INSNS_PER_PATH and the per-filter overhead. Both
 * count prog->len after conversion to eBPF, not classic instructions: see
 * sct_converted_len() in validator.h (a 1-insn RET K filter counts 5). */
#define SCT_MAX_INSNS_PER_PATH	((1 << 18) / sizeof(struct sock_filter))
#define SCT_PATH_OVERHEAD	4
/* include/uapi/linux/bpf_common.h: BPF_MAXINSNS */
#define SCT_MAX_INSNS		4096

#endif
