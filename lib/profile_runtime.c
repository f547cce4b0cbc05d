// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_runtime.c - the runtime models of the profile compiler (see
 * profile.h, opts.runtime): the other arches of the program runc and crun
 * install (moby's archMap entry or "architectures" list, each resolved by
 * profile_resolve.c into its own block, x32 into x86_64's), and runc's
 * ENOSYS stub (libcontainer/seccomp/patchbpf/enosys_linux.go:
 * findLastSyscalls, generateEnosysStub, generatePatch).
 */
#include <errno.h>
#include <string.h>

#include <seccomp.h>

#include "errmsg.h"
#include "profile_model.h"

/* ---- the program's arches and runc's stub --------------------------------- */

/* The arches moby lists for t's host arch: the archMap entry's arch and
 * subArchitectures, or the flat "architectures" list. */
static size_t program_arches(const struct sct_profile *p, const struct sct_profile_target *t,
			     const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->narchmap && !n; i++) {
		const struct sct_profile_archmap *m = &p->archmap[i];

		if (strcmp(m->arch, t->scmp))
			continue;
		out[n++] = m->arch;
		for (size_t s = 0; s < m->nsubs && n < max; s++)
			out[n++] = m->subs[s];
	}
	for (size_t i = 0; i < p->narchitectures && n < max; i++)
		out[n++] = p->architectures[i];
	return n;
}

/* runc's findLastSyscalls for one arch: the highest number any kept
 * entry names (its action aside); 0 when none resolves. */
static uint32_t last_syscall(const struct sct_profile *p, const struct sct_profile_target *t,
			     uint32_t token)
{
	uint32_t last = 0;

	for (size_t i = 0; i < p->nentries; i++) {
		const struct sct_profile_entry *e = &p->entries[i];

		if (!sct_profile_entry_applies(t, e, NULL, 0))
			continue;
		for (size_t k = 0; k < e->nnames; k++) {
			int nr = seccomp_syscall_resolve_name_arch(token, e->names[k]);

			if (nr >= 0 && (uint32_t)nr > last)
				last = (uint32_t)nr;
		}
	}
	return last;
}

static bool allow_like(uint32_t action)
{
	uint32_t a = action & SECCOMP_RET_ACTION_FULL;

	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG || a == SECCOMP_RET_TRACE;
}

static bool listed(const char *const *arches, size_t n, uint32_t token)
{
	for (size_t i = 0; i < n; i++) {
		const struct sct_profile_arch *a = sct_profile_arch_by_name(arches[i]);

		if (a && a->token == token)
			return true;
	}
	return false;
}

/* The stub of block rs (audit arch rs->audit_arch); x32 is its upper half. */
static void add_stub(const struct sct_profile *p, const struct sct_profile_target *t,
		     const char *const *arches, size_t n, struct sct_ruleset *rs)
{
	uint32_t last = 0, last_x32 = 0;

	if (listed(arches, n, rs->audit_arch))
		last = last_syscall(p, t, rs->audit_arch);
	if (rs->x32_bit && listed(arches, n, SCMP_ARCH_X32))
		last_x32 = last_syscall(p, t, SCMP_ARCH_X32);
	rs->stub.last = last ? last : SCT_STUB_NONE;
	rs->stub.last_x32 = last_x32 ? last_x32 : SCT_STUB_NONE;
	rs->stub.on = last || last_x32;
}

/* The other arches of the program (runtime models): blocks in sub[], x32
 * into rs itself. */
int sct_profile_runtime_program(const struct sct_profile *p, const struct sct_profile_target *t,
				struct sct_ruleset *rs, char *err, size_t errlen)
{
	const char *arches[16];
	size_t n = program_arches(p, t, arches, sizeof(arches) / sizeof(arches[0]));
	struct sct_profile_stats junk;
	int r = 0;

	for (size_t i = 0; i < n && !r; i++) {
		const struct sct_profile_arch *a = sct_profile_arch_by_name(arches[i]);
		struct sct_ruleset *blk = rs;

		if (!a)
			return sct_fail(err, errlen, -EINVAL, "architecture \"%s\": not one libseccomp "
					"knows here", arches[i]);
		if (a->token == t->audit_arch || sct_ruleset_arch(rs, a->token))
			continue;
		memset(&junk, 0, sizeof(junk));
		if (a->token == SCMP_ARCH_X32) {
			if (!rs->x32_bit)
				return sct_fail(err, errlen, -EINVAL, "architecture SCMP_ARCH_X32 "
						"without SCMP_ARCH_X86_64");
			rs->x32_rules = true;
			r = sct_profile_resolve_arch(p, t, rs, a->token, &junk, err, errlen);
			continue;
		}
		blk = sct_ruleset_new(p->default_action, rs->bad_arch_action);
		if (!blk)
			return -ENOMEM;
		blk->audit_arch = a->token;
		blk->x32_bit = 0;
		blk->args32 = a->args32;
		r = sct_profile_resolve_arch(p, t, blk, a->token, &junk, err, errlen);
		if (!r && t->runtime == SCT_PROFILE_RUNC && !allow_like(p->default_action))
			add_stub(p, t, arches, n, blk);
		if (r)
			sct_ruleset_free(blk);
		else
			r = sct_ruleset_add_arch(rs, blk);
	}
	if (!r && t->runtime == SCT_PROFILE_RUNC && !allow_like(p->default_action))
		add_stub(p, t, arches, n, rs);
	return r;
}

const char *sct_profile_runtime_name(enum sct_profile_runtime r)
{
	static const char *const names[] = { "one-arch", "runc", "crun" };

	return (unsigned int)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

int sct_profile_runtime_from_name(const char *name)
{
	for (int r = SCT_PROFILE_ONE_ARCH; r <= SCT_PROFILE_CRUN; r++)
		if (!strcmp(name, sct_profile_runtime_name((enum sct_profile_runtime)r)))
			return r;
	return -1;
}

