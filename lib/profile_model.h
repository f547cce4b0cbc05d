/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * profile_model.h - the two stages behind sct_profile_load (profile.h):
 *  - parse (profile_parse.c): JSON text -> struct sct_profile, the file as
 *    written, every entry kept and validated, nothing resolved yet;
 *  - resolve (profile_resolve.c): profile + capabilities, arch and kernel
 *    version -> struct sct_ruleset, each rule tagged with the syscalls[]
 *    entry (and, for a split entry, the args[] element) it came from.
 * Tools that explain a decision need both: the rule set decides, the model
 * says what the entry looked like and why an entry did not apply.
 */
#ifndef SCT_PROFILE_MODEL_H
#define SCT_PROFILE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "ruleset.h"

/* An entry's includes or excludes object. */
struct sct_profile_when {
	bool present;
	char **caps;			/* as written ("CAP_SYS_ADMIN") */
	size_t ncaps;
	char **arches;			/* as written ("s390x") */
	size_t narches;
	bool has_min;			/* minKernel given */
	unsigned int maj, min;
};

struct sct_profile_entry {
	char **names;
	size_t nnames;
	bool single_name;		/* written as "name", not "names" */
	uint32_t action;		/* SECCOMP_RET_* | errno */
	struct sct_cond *args;		/* args[i], in file order */
	size_t nargs;
	bool split;			/* one argument named twice: OR of args */
	struct sct_profile_when inc, exc;
};

struct sct_profile_archmap {
	char *arch;			/* "SCMP_ARCH_X86_64" */
	char **subs;
	size_t nsubs;
};

struct sct_profile {
	uint32_t default_action;
	struct sct_profile_archmap *archmap;
	size_t narchmap;
	char **architectures;		/* the older flat list */
	size_t narchitectures;
	struct sct_profile_entry *entries;	/* syscalls[] */
	size_t nentries;
};

/*
 * Parse JSON text (len bytes) into *out (sct_profile_model_free). Returns 0,
 * or a negative errno with one line in err naming the JSON path (the errors
 * profile.h lists).
 */
int sct_profile_parse(const char *json, size_t len, struct sct_profile **out,
		      char *err, size_t errlen);
void sct_profile_model_free(struct sct_profile *p);

/* Read a profile file (at most SCT_PROFILE_MAX_BYTES) into a malloc'd,
 * terminated buffer; 0 or a negative errno with err naming path. */
int sct_profile_read_file(const char *path, char **buf, size_t *len, char *err, size_t errlen);
/* Prefix err with "path: " (what sct_profile_load does to its errors). */
void sct_profile_prefix_err(const char *path, char *err, size_t errlen);

/* "MAJOR.MINOR" (strict) or, lenient, a uname release's two leading numbers. */
bool sct_profile_parse_kernel(const char *s, bool lenient, unsigned int *maj, unsigned int *min);

/* An arch as profiles and libseccomp name it (profile_arch.c). */
struct sct_profile_arch {
	const char *name;		/* includes.arches: "amd64" */
	const char *uname;		/* "x86_64" */
	const char *scmp;		/* archMap: "SCMP_ARCH_X86_64" */
	uint32_t token;			/* libseccomp's; the audit arch but for x32 */
	uint32_t x32_bit;
	bool args32;			/* libseccomp compares 32-bit argument words */
};

/* By any of its three names; NULL when unknown. */
const struct sct_profile_arch *sct_profile_arch_by_name(const char *name);
const struct sct_profile_arch *sct_profile_arch_by_token(uint32_t token);

/* The rules one syscall name becomes on an arch (libseccomp's resolution):
 * the direct number, and on x86 the multiplexer (socketcall/ipc) with
 * a0 == sub for the socket and SysV IPC names. */
struct sct_profile_nrs {
	bool has_direct;
	uint32_t direct;		/* x32: with the x32 bit */
	bool has_mux;
	uint32_t mux, sub;
};

/* 0 with *out filled, -1 when name is no syscall of the arch (token). */
int sct_profile_name_nrs(uint32_t token, const char *name, struct sct_profile_nrs *out);

/* What an entry is resolved against: sct_profile_opts checked and normalized. */
struct sct_profile_target {
	const char *arch;		/* includes.arches name: "amd64" */
	const char *uname;		/* "x86_64" */
	const char *scmp;		/* archMap name: "SCMP_ARCH_X86_64" */
	uint32_t audit_arch;
	uint32_t x32_bit;
	char **caps;			/* "CAP_X", upper case */
	size_t ncaps;
	unsigned int kmaj, kmin;
	enum sct_profile_runtime runtime;
};

/* The Linux capabilities by name ("CAP_SYS_ADMIN", upper case), in
 * capability-number order, for tools that refuse a misspelt one. */
extern const char *const sct_profile_all_caps[];
extern const size_t sct_profile_all_ncaps;
/* Is name ("CAP_SYS_ADMIN" or "sys_admin", any case) a Linux capability? */
bool sct_profile_cap_valid(const char *name);

/* Check opts (NULL: Docker's caps, native arch, running kernel) into *t;
 * 0 or -EINVAL (one line in err), -ENOMEM. */
int sct_profile_target_init(struct sct_profile_target *t, const struct sct_profile_opts *opts,
			    char *err, size_t errlen);
void sct_profile_target_fini(struct sct_profile_target *t);

/* Does entry e apply to t (moby setupSeccomp)? When not and why != NULL,
 * why gets the reason: "includes.caps: CAP_SYS_ADMIN not held". */
bool sct_profile_entry_applies(const struct sct_profile_target *t,
			       const struct sct_profile_entry *e, char *why, size_t whylen);

/* Add to rs the rules every entry of p that applies to t gives the names
 * on arch token (libseccomp's: SCMP_ARCH_X32 numbers carry the x32 bit),
 * stats in *st (not NULL). */
int sct_profile_resolve_arch(const struct sct_profile *p, const struct sct_profile_target *t,
			     struct sct_ruleset *rs, uint32_t token, struct sct_profile_stats *st,
			     char *err, size_t errlen);

/* The runtime model's part (profile_runtime.c): the program's other arches
 * into rs (the host arch's block, already resolved) and runc's stub. */
int sct_profile_runtime_program(const struct sct_profile *p, const struct sct_profile_target *t,
				struct sct_ruleset *rs, char *err, size_t errlen);

/* The rule set p means for t, stats in *st (not NULL). */
int sct_profile_resolve(const struct sct_profile *p, const struct sct_profile_target *t,
			struct sct_ruleset **out, struct sct_profile_stats *st,
			char *err, size_t errlen);

#endif
