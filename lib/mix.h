/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mix.h - a measured syscall mix (a data/syscall-mix/ file: how often a real
 * workload made each system call, counted with `strace -f -c`) and the
 * weights it gives a rule set, for layouts that put hot syscalls first.
 *
 * File format: '#' starts a comment line; every other line is
 * "NAME CALLS [ERRORS]" with decimal counts, names as strace and libseccomp
 * spell them. data/syscall-mix/README.md says how each file was made.
 */
#ifndef SCT_MIX_H
#define SCT_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "ruleset.h"

/* The mix measured while building this repository's lib/ with make + gcc. */
#define SCT_MIX_BUILD_LIB "data/syscall-mix/build-lib.mix"

struct sct_mix_entry {
	char name[40];
	uint64_t calls;
	uint64_t errors;
};

struct sct_mix {
	size_t n;
	struct sct_mix_entry *e;	/* in file order */
	uint64_t total;			/* sum of calls */
};

/*
 * Read a mix file. Returns 0 and a new *out (sct_mix_free), or a negative
 * errno with one line in err ("FILE:LINE: ..." for bad content, -EINVAL).
 */
int sct_mix_load(const char *path, struct sct_mix **out, char *err, size_t errlen);
void sct_mix_free(struct sct_mix *m);

/* The calls of `name` in m, 0 when absent. */
uint64_t sct_mix_calls(const struct sct_mix *m, const char *name);

struct sct_mix_applied {
	size_t matched;		/* mix names that got a weight in the rule set */
	size_t not_in_ruleset;	/* syscalls of the arch with no rule (they take the default) */
	size_t unknown;		/* names libseccomp does not know for the arch */
	double share;		/* fraction of all calls that landed on weighted syscalls */
};

/*
 * Set the weight of each syscall of rs to its share of the mix's calls
 * (calls / total; weights of syscalls the mix does not name are left
 * alone). Names are resolved with libseccomp for rs's arch. *st (may be
 * NULL) says how much of the mix the rule set covers.
 */
void sct_mix_apply(const struct sct_mix *m, struct sct_ruleset *rs, struct sct_mix_applied *st);

#endif
