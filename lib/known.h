/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * known.h - the known-failure lists of results/known-failures/ (format:
 * scripts/check-verdicts), the one matcher behind check-verdicts, compare
 * and summarize.
 *
 * A list is named <release prefix> (every arch) or <release prefix>@<arch>
 * (runs of that arch only, a uname -m name). The prefix matches whole
 * components of the release: 6.1 applies to 6.1.0-57-cloud-amd64, not to
 * 6.18.2. Every applying list counts; an id listed twice takes the entry
 * of the list that sorts last. Lines: <program>:<test>TAB<commit or
 * ->TAB<reason>; blank lines and lines whose first non-blank is # are
 * comments.
 */
#ifndef SCT_KNOWN_H
#define SCT_KNOWN_H

#include <stdbool.h>
#include <stddef.h>

struct sct_known_entry {
	char *id;	/* program:test, or program for a whole program */
	char *commit;	/* fixing commit, "-" or "" */
	char *reason;
	char *list;	/* the list's file name (6.1, 6.1@aarch64) */
};

struct sct_known {
	struct sct_known_entry *e;
	size_t n;
};

/* The uname -m name of an arch name or alias (amd64 -> x86_64, arm64 ->
 * aarch64), or NULL for an arch arch/ does not know. */
const char *sct_known_arch(const char *name);

/* Does the list of that file name apply to a run of release on arch (a
 * uname -m name; NULL: no @arch list applies)? */
bool sct_known_applies(const char *list, const char *release, const char *arch);

/*
 * The entries of every list in dir that applies to release on arch (a
 * missing dir has none). A list whose @<arch> is not a uname -m name would
 * silently never apply: -1 with one line in err; also for an unreadable
 * list. Free with sct_known_free (also after a failure).
 */
int sct_known_load(struct sct_known *k, const char *dir, const char *release,
		   const char *arch, char *err, size_t errlen);
/* The entry of an id, or NULL. */
const struct sct_known_entry *sct_known_find(const struct sct_known *k, const char *id);
void sct_known_free(struct sct_known *k);

#endif
