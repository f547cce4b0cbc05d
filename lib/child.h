/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * child.h - run seccomp experiments in a fresh child process.
 *
 * Filters cannot be removed, so every experiment forks. sct_run_child() is
 * the general form (the child runs a function and reports through shared
 * memory, so reporting needs no syscall the filter might deny);
 * sct_observe() is the one-call form most tests use: install these filters,
 * make this syscall, say what happened.
 */
#ifndef SCT_CHILD_H
#define SCT_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

#define SCT_CHILD_TIMEOUT_MS 5000

#define SCT_REPORT_DATA_SIZE 128

/* Shared memory a child writes and its parent reads after it ended. */
struct sct_report {
	int stage;		/* how far the child got; tests define the values */
	long ret;		/* result of the probed call */
	int err;		/* its errno when ret == -1 */
	int broken_errno;	/* our own set-up failed: errno ... */
	char broken[96];	/* ... and what failed; empty when not broken */
	/* The experiment's own results: a struct the test declares, read and
	 * written through SCT_REPORT(). */
	_Alignas(max_align_t) unsigned char data[SCT_REPORT_DATA_SIZE];
};

/*
 * rep's data as a `type *` (a struct of named results the test file
 * declares); refuses at compile time a type that does not fit.
 */
#define SCT_REPORT(rep, type)						\
	((type *)(void *)((rep)->data + 0 * sizeof(struct {		\
		_Static_assert(sizeof(type) <= SCT_REPORT_DATA_SIZE,	\
			       #type " does not fit sct_report's data");\
		_Static_assert(_Alignof(type) <= _Alignof(max_align_t),\
			       #type " is over-aligned for sct_report");	\
		int unused;						\
	})))

enum sct_end {
	SCT_END_EXITED,		/* code holds the exit status */
	SCT_END_SIGNALED,	/* sig holds the signal */
	SCT_END_TIMED_OUT,	/* killed by us after the timeout */
};

struct sct_outcome {
	enum sct_end end;
	int code;
	int sig;
	bool core;		/* WCOREDUMP: needs RLIMIT_CORE > 0, usually false */
	struct sct_report rep;
};

/* Runs in the child; the return value becomes the exit status. */
typedef int (*sct_child_fn)(struct sct_report *rep, void *arg);

/*
 * Fork; in the child: new process group, die with the parent, no core
 * files, then fn(rep, arg) and _exit with its result. The parent waits up to
 * timeout_ms (0: SCT_CHILD_TIMEOUT_MS) times $SCT_TIMEOUT_SCALE (default 1,
 * set under emulation), then kills the child's group.
 * Returns 0 with *out filled, or -errno when fork/mmap failed (broken).
 */
int sct_run_child(sct_child_fn fn, void *arg, int timeout_ms, struct sct_outcome *out);

/* Record a failure of the child's own set-up (never a kernel verdict). */
int sct_report_broken(struct sct_report *rep, const char *what);

/* "exited 3", "killed by SIGSYS", "timed out after 5000 ms", ... */
const char *sct_outcome_str(const struct sct_outcome *out, char *buf, size_t len);

/* ---- sct_observe: one syscall under a stack of filters ----------------- */

/* One filter in the stack, oldest first. flags may hold NEW_LISTENER: the
 * child then answers notifications of that filter (see SCT_SEEN_NOTIFIED). */
struct sct_stage {
	struct sct_filter *filter;
	unsigned long flags;
};

enum sct_sigsys { SCT_SIGSYS_HANDLED, SCT_SIGSYS_IGNORED, SCT_SIGSYS_BLOCKED };

/* How a probe enters the kernel (see arch/arch.h). */
enum sct_abi {
	SCT_ABI_NATIVE,		/* syscall(2) */
	SCT_ABI_COMPAT,		/* sct_arch_compat_syscall, e.g. int $0x80 */
	SCT_ABI_X32,		/* syscall(2) with nr | sct_arch_native()->x32_bit */
};

struct sct_probe {
	long nr;		/* syscall to make, a number of `abi` */
	long args[6];
	enum sct_sigsys sigsys;	/* SIGSYS disposition while probing */
	int timeout_ms;		/* 0: SCT_CHILD_TIMEOUT_MS */
	enum sct_abi abi;	/* 0: native */
};

/*
 * Make syscall nr of `abi` with args, returning as syscall(3) does (-1 and
 * errno on error). The caller must know the ABI can be entered (probe
 * SCT_F_COMPAT_ENTRY for COMPAT); -1/ENOSYS without entering the kernel
 * when this arch has no such ABI.
 */
long sct_abi_syscall(enum sct_abi abi, long nr, const long args[6]);
/* "native", "compat", "x32" */
const char *sct_abi_name(enum sct_abi abi);

enum sct_seen {
	SCT_SEEN_RAN,		/* returned ret (not -1) */
	SCT_SEEN_ERRNO,		/* returned -1; err = errno */
	SCT_SEEN_TRAPPED,	/* SIGSYS handler ran; si_* filled */
	SCT_SEEN_NOTIFIED,	/* a listener got it; notified_stage says whose */
	SCT_SEEN_THREAD_KILLED,	/* the calling thread died, the process lived */
	SCT_SEEN_PROCESS_KILLED,/* the whole process died; sig says how */
	SCT_SEEN_TIMED_OUT,
	SCT_SEEN_BROKEN,	/* our set-up failed; broken says what */
};

struct sct_observation {
	enum sct_seen seen;
	long ret;
	int err;
	int sig;
	int notified_stage;
	/* TRAP: the siginfo the handler received */
	int trap_signo, trap_code, trap_errno, trap_syscall;
	unsigned int trap_arch;
	void *trap_call_addr;
	char broken[128];
};

/* The reply error a listener of stage i sends: errno SCT_NOTIF_ERRNO(i). */
#define SCT_NOTIF_ERRNO(i) (3000 + (i))

/*
 * Fork a child that sets no_new_privs, installs stages[0..n) in order,
 * starts a thread that makes the probe's syscall, answers notifications,
 * and reports. Returns 0 with *obs filled (BROKEN included), -errno only
 * when the fork itself failed.
 */
int sct_observe(const struct sct_stage *stages, size_t n,
		const struct sct_probe *probe, struct sct_observation *obs);

const char *sct_seen_name(enum sct_seen seen);
/* "ERRNO 1 (Operation not permitted)", "TRAPPED si_errno=7", ... */
const char *sct_observation_str(const struct sct_observation *obs, char *buf, size_t len);



/* Does obs show `seen`? `value` (unless SCT_ANY) must also match: the errno
 * for ERRNO, trap_errno for TRAPPED, the stage for NOTIFIED, the signal for
 * PROCESS_KILLED, the return value for RAN. */
#define SCT_ANY (-99999L)
bool sct_observation_matches(const struct sct_observation *obs, enum sct_seen seen, long value);
#endif
