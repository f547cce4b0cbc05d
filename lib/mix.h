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

/*
 * Give rs the weights of a built-in synthetic call mix (a server-like
 * strace -c shape: futex, epoll_wait, read, write, ... down to execve),
 * for tests and reports until a measured mix is supplied. Only rs's own
 * block (the program's first arch, whose numbers the mix names) is
 * weighed; sub[] blocks and x32 numbers keep their weights. Syscalls of the
 * mix without rules get a rule with the default action, which changes no
 * decision, so their weight counts. Returns 0 or -ENOMEM.
 */
int sct_mix_synthetic(struct sct_ruleset *rs);

/*
 * Give rs the weights of a measured mix (lib/mix.h, sct_mix_apply), in
 * rs's own block as sct_mix_synthetic. Mix
 * syscalls of rs's arch without rules first get a rule with the default
 * action, which changes no decision, so that every call of the mix counts
 * (denied ones included). Returns 0 or -ENOMEM; *st as sct_mix_apply.
 */
int sct_mix_weigh(struct sct_ruleset *rs, const struct sct_mix *m, struct sct_mix_applied *st);

#endif
