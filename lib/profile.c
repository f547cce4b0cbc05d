// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile.c - the profile compiler's entry points (see profile.h): read the
 * file, parse (profile_parse.c), resolve (profile_resolve.c); and helpers
 * over the compiled rule set.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <seccomp.h>

#include "install.h"
#include "cli.h"
#include "profile.h"
#include "profile_model.h"

int sct_profile_load_mem(const char *json, size_t len, const struct sct_profile_opts *opts,
			 struct sct_ruleset **out, struct sct_profile_stats *st,
			 char *err, size_t errlen)
{
	struct sct_profile_stats local;
	struct sct_profile_target t;
	struct sct_profile *p = NULL;
	int r;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	/* bad options are reported before the text is looked at */
	r = sct_profile_target_init(&t, opts, err, errlen);
	if (r < 0)
		goto out;
	r = sct_profile_parse(json, len, &p, err, errlen);
	if (!r)
		r = sct_profile_resolve(p, &t, out, st, err, errlen);
	sct_profile_model_free(p);
	sct_profile_target_fini(&t);
out:
	if (r < 0 && r != -EINVAL && errlen && !err[0])
		snprintf(err, errlen, "%s", strerror(-r));
	return r;
}

/* The file at path into a malloc'd buffer (*len bytes); err names path.
 * Regular files only, so that a FIFO or a device cannot block the load. */
int sct_profile_read_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	return sct_read_file(path, SCT_PROFILE_MAX_BYTES, buf, len, err, errlen);
}

/* "docker.json: syscalls[3].action: ..." */
void sct_profile_prefix_err(const char *path, char *err, size_t errlen)
{
	size_t pl = strlen(path) + 2, el = strlen(err);

	if (errlen && pl + el < errlen) {
		memmove(err + pl, err, el + 1);
		memcpy(err, path, pl - 2);
		memcpy(err + pl - 2, ": ", 2);
	}
}

int sct_profile_load(const char *path, const struct sct_profile_opts *opts,
		     struct sct_ruleset **out, struct sct_profile_stats *st,
		     char *err, size_t errlen)
{
	struct sct_profile_target t;
	char *buf;
	size_t len;
	int r;

	*out = NULL;
	r = sct_profile_target_init(&t, opts, err, errlen);
	if (r < 0)
		return r;
	sct_profile_target_fini(&t);
	r = sct_profile_read_file(path, &buf, &len, err, errlen);
	if (r < 0)
		return r;
	r = sct_profile_load_mem(buf, len, opts, out, st, err, errlen);
	free(buf);
	if (r < 0)
		sct_profile_prefix_err(path, err, errlen);
	return r;
}

/* ---- helpers over the result ------------------------------------------- */

static bool is_errno(uint32_t action)
{
	return (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
}

/* One block's actions (pass 0 checks, pass 1 changes). */
static int tag_block(struct sct_ruleset *rs, unsigned int base, int pass)
{
	uint32_t *acts[2] = { &rs->default_action, &rs->bad_arch_action };

	{
		for (int i = 0; i < 2; i++)
			if (is_errno(*acts[i])) {
				if ((*acts[i] & SECCOMP_RET_DATA) + base > SCT_MAX_ERRNO)
					return -ERANGE;
				if (pass)
					*acts[i] += base;
			}
		for (size_t s = 0; s < rs->n; s++)
			for (size_t r = 0; r < rs->sys[s].nrules; r++) {
				uint32_t *a = &rs->sys[s].rules[r].action;

				if (!is_errno(*a))
					continue;
				if ((*a & SECCOMP_RET_DATA) + base > SCT_MAX_ERRNO)
					return -ERANGE;
				if (pass)
					*a += base;
			}
	}
	return 0;
}

int sct_profile_tag_errnos(struct sct_ruleset *rs, unsigned int base)
{
	for (int pass = 0; pass < 2; pass++) {
		int r = tag_block(rs, base, pass);

		for (size_t i = 0; i < rs->nsub && !r; i++)
			r = tag_block(rs->sub[i], base, pass);
		if (r)
			return r;
	}
	return 0;
}

const char *sct_profile_action_str(uint32_t action, char *buf, size_t len)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;

	if (full == SECCOMP_RET_ERRNO || full == SECCOMP_RET_TRACE || full == SECCOMP_RET_TRAP)
		snprintf(buf, len, "%s(%u)", sct_action_name(action), action & SECCOMP_RET_DATA);
	else
		snprintf(buf, len, "%s", sct_action_name(action));
	return buf;
}

void sct_profile_dump(const struct sct_ruleset *rs, FILE *out)
{
	char a[32];

	fprintf(out, "default %s, bad arch %s\n",
		sct_profile_action_str(rs->default_action, a, sizeof(a)),
		sct_action_name(rs->bad_arch_action));
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];

		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *ru = &s->rules[r];

			fprintf(out, "%4u %-24s", s->nr, s->name);
			for (unsigned int c = 0; c < ru->nconds; c++) {
				const struct sct_cond *cd = &ru->conds[c];

				fprintf(out, "%s a%u", c ? " &&" : "", cd->arg);
				if (cd->op == SCT_CMP_MASKED_EQ)
					fprintf(out, " & %#llx", (unsigned long long)cd->mask);
				fprintf(out, " %s %#llx", sct_cmp_symbol(cd->op), (unsigned long long)cd->value);
			}
			fprintf(out, " -> %s\n", sct_profile_action_str(ru->action, a, sizeof(a)));
		}
	}
}

uint32_t sct_profile_eval_name(const struct sct_ruleset *rs, const char *name,
			       uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct seccomp_data sd = { .arch = rs->audit_arch, .args = { a0, a1, a2 } };
	int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, name);

	if (nr < 0)
		return SCT_PROFILE_NO_SYSCALL;
	sd.nr = nr;
	return sct_ruleset_eval(rs, &sd);
}

const char *sct_profile_rule_path(const struct sct_syscall *s, size_t r, char *buf, size_t len)
{
	const struct sct_rule_src *src = s->src && r < s->nrules ? &s->src[r] : NULL;

	if (!src || !src->entry)
		snprintf(buf, len, "%s", "");
	else if (src->arg)
		snprintf(buf, len, "syscalls[%u].args[%u]", src->entry - 1, src->arg - 1);
	else
		snprintf(buf, len, "syscalls[%u]", src->entry - 1);
	return buf;
}
