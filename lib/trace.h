/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace.h - run a command under ptrace and record every syscall it and its
 * descendants (forks, vforks, clones, threads, execs) make, per arch, with
 * counts; optionally decide each call as a compiled profile would
 * (ruleset.h) and, unless auditing, give the workload the profile's answer.
 * seccomp-profile trace (tools/seccomp-profile.c) prints the result
 * (trace_report.c) and can write the allow-list profile it implies.
 *
 * Why ptrace and not a seccomp filter of our own: a filter that logs
 * (SECCOMP_RET_LOG, audit) or notifies (USER_NOTIF) every call would stack
 * under the workload's own filters and change what it sees, and LOG needs
 * the audit log. PTRACE_GET_SYSCALL_INFO (Linux 5.3) gives the arch, number
 * and arguments of each entry stop without arch code, and the arch layer
 * (arch/arch.h sct_arch_set_sysregs) writes the number and result when a
 * call is denied.
 */
#ifndef SCT_TRACE_H
#define SCT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ruleset.h"

/* Calls of one syscall of one arch. */
struct sct_trace_count {
	uint32_t arch;		/* AUDIT_ARCH_* as the call reported it */
	bool x32;		/* the native arch's x32 numbers */
	int32_t nr;		/* as the kernel saw it (x32 bit included) */
	uint64_t calls;
	uint64_t denied;	/* calls the profile did not ALLOW or LOG */
};

/* One distinct denial: syscall, action and the rule that decided. */
struct sct_trace_denial {
	uint32_t arch;
	bool x32;
	int32_t nr;
	uint32_t action;	/* SECCOMP_RET_* | data */
	char rule[48];		/* "defaultAction", "syscalls[3]", "architectures" */
	uint64_t calls;
	pid_t first_pid;	/* the first call's thread and arguments */
	uint64_t first_args[6];
};

/* A traced process killed by a signal (by the profile, or a crash). */
struct sct_trace_death {
	pid_t pid;
	int sig;
	bool core;
	const char *by;		/* NULL, or the profile action that killed it */
};

struct sct_trace_result {
	struct sct_trace_count *counts;
	size_t ncounts;
	struct sct_trace_denial *denials;
	size_t ndenials;
	struct sct_trace_death *deaths;
	size_t ndeaths;
	pid_t pid;		/* CMD's process */
	int status;		/* its wait status */
	size_t processes, threads;	/* traced in all */
	int exit_code;		/* trace's exit status, see sct_trace_run */
};

struct sct_trace_opts {
	const struct sct_ruleset *rs;	/* NULL: only count */
	bool audit;			/* with rs: record denials, let every call run */
	FILE *log;			/* denials (first of each) and deaths as they happen; may be NULL */
	const char *prog;		/* prefix of log lines */
};

/*
 * Run path with argv (argv[0] as given) under trace until every traced
 * process has exited. Returns 0 with *res filled (sct_trace_result_free),
 * or a negative errno with one line in err when tracing could not start.
 * res->exit_code: CMD's exit status; 128 + N when CMD was killed by signal
 * N; 128 + N when CMD exited 0 but another traced process was killed by a
 * signal N that dumps core (a crash); 126/127 when path could not be
 * executed / was not found (err then holds why and 0 is returned).
 */
int sct_trace_run(const char *path, char *const argv[], const struct sct_trace_opts *o,
		  struct sct_trace_result *res, char *err, size_t errlen);
void sct_trace_result_free(struct sct_trace_result *res);

/* The arch's name in reports: "x86_64", "i386", "x32", "aarch64", "arm",
 * or "0x%08x" into buf. */
const char *sct_trace_arch_name(uint32_t arch, bool x32, char *buf, size_t len);
/* Its libseccomp name for archMap: "SCMP_ARCH_X86"; NULL when unknown. */
const char *sct_trace_arch_scmp(uint32_t arch, bool x32);
/* The syscall's name (libseccomp), or its number, into buf. */
const char *sct_trace_syscall_name(uint32_t arch, int32_t nr, char *buf, size_t len);

/* Report of res: one table per arch sorted by count, totals, denials and
 * deaths. cmd names the workload in the header; rs (may be NULL) the
 * profile that decided, audit whether it was only logged. */
void sct_trace_report(FILE *out, const struct sct_trace_result *res, const char *cmd,
		      const char *profile, bool audit);

/*
 * The allow-list profile res implies (OCI/Docker JSON): defaultAction
 * SCMP_ACT_ERRNO with errno 1, an archMap of the native arch with the other
 * arches seen as sub-arches, one entry allowing every syscall seen and one
 * allowing what crun and runc call after installing the filter (up to the
 * process's execve) that the workload did not. Returns 0 or -EIO.
 */
int sct_trace_write_profile(FILE *out, const struct sct_trace_result *res, const char *cmd);

/* The syscalls of that runtime entry (sorted, NULL-terminated). */
extern const char *const sct_trace_runtime_syscalls[];

#endif
