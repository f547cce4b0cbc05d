/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * profile_report.h - what tools/seccomp-profile prints about a profile: the
 * compiled rule set as text, JSON or a C array, the explanation of one call
 * (which JSON entry decided, which did not and why, the BPF path), and the
 * regions where two profiles decide differently.
 */
#ifndef SCT_PROFILE_REPORT_H
#define SCT_PROFILE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "layout.h"
#include "profile.h"
#include "profile_model.h"

/* A profile read, parsed and resolved for one target. */
struct sct_profile_file {
	const char *path;
	struct sct_profile *p;
	struct sct_profile_target t;
	bool have_target;
	struct sct_ruleset *rs;
	struct sct_profile_stats st;
	bool caps_given;		/* not Docker's default set */
};

/*
 * Load path for o: -EINVAL with one line in err for bad options, a bad file,
 * or an arch the profile's archMap/architectures lacks (as an arch or a
 * sub-arch, when it lists any). sct_profile_close frees it either way.
 */
int sct_profile_open(const char *path, const struct sct_profile_opts *o,
		    struct sct_profile_file *l, char *err, size_t errlen);
void sct_profile_close(struct sct_profile_file *l);

/* The rule's conditions joined with " && " ("a0 & 0x7e020000 == 0"), "" for
 * none, into buf. Returns buf. */
const char *sct_profile_rule_conds(const struct sct_rule *ru, char *buf, size_t len);
/* The capability set of l as reports name it: "Docker's default (14)",
 * "none" or the list. */
void sct_profile_write_caps(FILE *out, const struct sct_profile_file *l);

/* compile's formats. */
void sct_profile_write_summary(FILE *out, const struct sct_profile_file *l);
void sct_profile_write_rules(FILE *out, const struct sct_profile_file *l);
int sct_profile_write_json(FILE *out, const struct sct_profile_file *l);
void sct_profile_write_c(FILE *out, const struct sct_profile_file *l, const struct sock_fprog *fp,
		  const char *name, enum sct_layout layout);

/* One call to explain. */
struct sct_profile_call {
	uint32_t nr;
	char name[64];		/* "" for a number without a name */
	uint64_t args[6];
	size_t nargs;		/* how many were given (the rest are 0) */
	uint32_t token;		/* libseccomp token of the call's arch (SCMP_ARCH_X86 for
				 * an i386 call, SCMP_ARCH_X32); 0: the profile's arch */
};

/*
 * Explain call under l, with the BPF path of layout. Returns 0, 1 when the
 * program's action differs from the rule set's (a bug, reported in the
 * output), or a negative errno with err set (the layout did not build).
 */
int sct_profile_explain(FILE *out, const struct sct_profile_file *l,
		       const struct sct_profile_call *call, enum sct_layout layout,
		       char *err, size_t errlen);

/* The differences of a and b as a table: 0 none, 1 some, -ENOMEM. */
int sct_profile_diff(FILE *out, const struct sct_profile_file *a,
		    const struct sct_profile_file *b);

#endif
