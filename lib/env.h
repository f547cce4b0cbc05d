/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * env.h - the environment a benchmark ran in, recorded beside its numbers so
 * two records can be compared honestly: kernel, BPF JIT sysctls, CONFIG
 * facts, CPU and SMT, the pinned CPU, every CPU vulnerability/mitigation
 * line, the Speculation_Store_Bypass state with and without a filter,
 * libseccomp and compiler versions, the git revision, and whether this is a
 * virtual machine or an emulated (TCG) one.
 *
 * Facts that cannot be read are JSON null, never guessed.
 */
#ifndef SCT_ENV_H
#define SCT_ENV_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

struct sct_env_opts {
	int pinned_cpu;		/* -1: not pinned */
	bool spec_allow;	/* filters were installed with FLAG_SPEC_ALLOW */
	const char *clock;	/* "CLOCK_PROCESS_CPUTIME_ID", ... */
};

/* How the machine runs: "bare-metal", "virtualized", "emulated". */
struct sct_virt {
	const char *kind;
	char hypervisor[16];	/* CPUID 0x40000000 signature, "" when none */
	char evidence[160];	/* what the verdict rests on */
};

/* Decide sct_virt from /proc/cpuinfo and CPUID (see env.c for the rules). */
void sct_env_virt(struct sct_virt *v);

/*
 * The "context" object of a result record (results/README.md). Returns a
 * new json-c object the caller owns, or NULL on allocation failure.
 */
struct json_object *sct_env_context(const struct sct_env_opts *opts);

/* First line of `path` without its newline into buf; -errno when unreadable. */
int sct_read_line(const char *path, char *buf, size_t len);

#endif
