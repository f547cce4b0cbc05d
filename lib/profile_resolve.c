// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_resolve.c - struct sct_profile + capabilities, arch and kernel
 * version -> struct sct_ruleset, the way moby + runc + libseccomp resolve a
 * profile (see profile.h for whose behaviour each step follows).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include <seccomp.h>

#include "errmsg.h"
#include "arch.h"
#include "profile_model.h"

const char *const sct_profile_docker_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};
const size_t sct_profile_docker_ncaps =
	sizeof(sct_profile_docker_caps) / sizeof(sct_profile_docker_caps[0]);

/* linux/capability.h, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40). */
const char *const sct_profile_all_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};
const size_t sct_profile_all_ncaps = sizeof(sct_profile_all_caps) / sizeof(sct_profile_all_caps[0]);

bool sct_profile_cap_valid(const char *name)
{
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (size_t i = 0; i < sct_profile_all_ncaps; i++)
		if (!strcasecmp(name, sct_profile_all_caps[i] + 4))
			return true;
	return false;
}

/* ---- options ------------------------------------------------------------ */

void sct_profile_target_fini(struct sct_profile_target *t)
{
	for (size_t i = 0; i < t->ncaps; i++)
		free(t->caps[i]);
	free(t->caps);
	t->caps = NULL;
	t->ncaps = 0;
}

int sct_profile_target_init(struct sct_profile_target *t, const struct sct_profile_opts *o,
			    char *err, size_t errlen)
{
	const char *const *caps = o && o->caps ? o->caps : sct_profile_docker_caps;
	size_t ncaps = o && o->caps ? o->ncaps : sct_profile_docker_ncaps;
	const char *want = o ? o->arch : NULL;
	const char *kernel = o ? o->kernel : NULL;
	const struct sct_profile_arch *a;
	struct utsname u;

	memset(t, 0, sizeof(*t));
	a = want ? sct_profile_arch_by_name(want) : sct_profile_arch_by_token(sct_arch_native()->audit_arch);
	/* x32 is a half of x86_64's program, never a host arch of its own */
	if (!a || a->token == SCMP_ARCH_X32)
		return sct_fail(err, errlen, -EINVAL, "unknown arch \"%s\"", want ? want : sct_arch_native()->name);
	t->arch = a->name;
	t->uname = a->uname;
	t->scmp = a->scmp;
	t->audit_arch = a->token;
	t->x32_bit = a->x32_bit;
	t->runtime = o ? o->runtime : SCT_PROFILE_ONE_ARCH;
	if (t->runtime > SCT_PROFILE_CRUN)
		return sct_fail(err, errlen, -EINVAL, "unknown runtime model %d", (int)t->runtime);
	/*
	 * minKernel is defined as a comparison with the release the container
	 * runtime reads from uname (moby kernelGreaterEqualThan), so here, and
	 * only here, the release string is the right input, not a probe.
	 */
	if (!kernel) {
		if (uname(&u))
			return sct_fail(err, errlen, -EINVAL, "uname: %s", strerror(errno));
		kernel = u.release;
	}
	if (!sct_profile_parse_kernel(kernel, true, &t->kmaj, &t->kmin))
		return sct_fail(err, errlen, -EINVAL, "invalid kernel version \"%s\" (expected MAJOR.MINOR)", kernel);
	t->caps = calloc(ncaps + 1, sizeof(*t->caps));
	if (!t->caps)
		return -ENOMEM;
	for (size_t i = 0; i < ncaps; i++) {
		const char *src = caps[i];
		char *d;

		if (!strncasecmp(src, "CAP_", 4))
			src += 4;
		if (!*src) {
			sct_profile_target_fini(t);
			return sct_fail(err, errlen, -EINVAL, "empty capability name");
		}
		d = malloc(strlen(src) + 5);
		if (!d) {
			sct_profile_target_fini(t);
			return -ENOMEM;
		}
		t->caps[t->ncaps++] = d;
		memcpy(d, "CAP_", 4);
		for (size_t k = 0; k <= strlen(src); k++)
			d[4 + k] = (char)toupper((unsigned char)src[k]);
	}
	return 0;
}

/* ---- includes/excludes --------------------------------------------------- */

static bool strings_contain(char *const *arr, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(arr[i], s))
			return true;
	return false;
}

static bool kernel_at_least(const struct sct_profile_target *t, const struct sct_profile_when *w)
{
	return t->kmaj > w->maj || (t->kmaj == w->maj && t->kmin >= w->min);
}

#define WHY(...) do { if (why && whylen) snprintf(why, whylen, __VA_ARGS__); } while (0)

bool sct_profile_entry_applies(const struct sct_profile_target *t,
			       const struct sct_profile_entry *e, char *why, size_t whylen)
{
	const struct sct_profile_when *inc = &e->inc, *exc = &e->exc;

	if (strings_contain(exc->arches, exc->narches, t->arch)) {
		WHY("excludes.arches: has %s", t->arch);
		return false;
	}
	for (size_t i = 0; i < exc->ncaps; i++)
		if (strings_contain(t->caps, t->ncaps, exc->caps[i])) {
			WHY("excludes.caps: %s held", exc->caps[i]);
			return false;
		}
	if (exc->has_min && kernel_at_least(t, exc)) {
		WHY("excludes.minKernel: kernel %u.%u >= %u.%u", t->kmaj, t->kmin, exc->maj, exc->min);
		return false;
	}
	if (inc->narches && !strings_contain(inc->arches, inc->narches, t->arch)) {
		WHY("includes.arches: no %s", t->arch);
		return false;
	}
	for (size_t i = 0; i < inc->ncaps; i++)
		if (!strings_contain(t->caps, t->ncaps, inc->caps[i])) {
			WHY("includes.caps: %s not held", inc->caps[i]);
			return false;
		}
	if (inc->has_min && !kernel_at_least(t, inc)) {
		WHY("includes.minKernel: kernel %u.%u < %u.%u", t->kmaj, t->kmin, inc->maj, inc->min);
		return false;
	}
	return true;
}

/* ---- rules ---------------------------------------------------------------- */

/* Add a distinct unknown name to the stats list. */
static void note_unknown(struct sct_profile_stats *st, const char *name)
{
	size_t used = strlen(st->unknown), n = strlen(name);
	const char *p = st->unknown;

	while ((p = strstr(p, name))) {
		if ((p == st->unknown || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return;
		p += n;
	}
	st->unknown_names++;
	if (used + n + 6 >= sizeof(st->unknown)) {
		if (!strstr(st->unknown, "..."))
			strcat(st->unknown, used ? " ..." : "...");
		return;
	}
	snprintf(st->unknown + used, sizeof(st->unknown) - used, "%s%s", used ? " " : "", name);
}

/*
 * Add one rule the way libseccomp combines rules of one syscall: the first
 * unconditional rule replaces the conditional ones before it, and rules
 * after it are ignored.
 */
static bool has_cond(const struct sct_rule *r, const struct sct_cond *cd)
{
	for (unsigned int i = 0; i < r->nconds; i++)
		if (r->conds[i].arg == cd->arg && r->conds[i].op == cd->op &&
		    r->conds[i].value == cd->value &&
		    (cd->op != SCT_CMP_MASKED_EQ || r->conds[i].mask == cd->mask))
			return true;
	return false;
}

/* The same set of conditions (libseccomp sorts them, so order is moot). */
static bool same_conds(const struct sct_rule *a, const struct sct_rule *b)
{
	if (a->nconds != b->nconds)
		return false;
	for (unsigned int i = 0; i < a->nconds; i++)
		if (!has_cond(b, &a->conds[i]))
			return false;
	return true;
}

static int add_rule(struct sct_ruleset *rs, struct sct_profile_stats *st, uint32_t nr,
		    const char *name, const struct sct_rule *rule, struct sct_rule_src src)
{
	struct sct_syscall *s = sct_ruleset_find(rs, nr);

	if (s) {
		for (size_t i = 0; i < s->nrules; i++)
			if (!s->rules[i].nconds) {
				st->superseded++;
				return 0;
			}
		for (size_t i = 0; i < s->nrules; i++)
			if (same_conds(&s->rules[i], rule)) {
				if (s->rules[i].action != rule->action)
					return -EEXIST;
				return 0;	/* libseccomp keeps one copy */
			}
		if (!rule->nconds) {
			st->superseded += s->nrules;
			s->nrules = 0;
		}
	}
	return sct_ruleset_add_src(rs, nr, name, rule, src);
}

/* One arch block being built: its rule set, libseccomp's arch token for
 * name resolution, and where its statistics go (the host arch's are the
 * profile's; the other blocks' are not reported). */
struct block {
	struct sct_ruleset *rs;
	uint32_t token;
	struct sct_profile_stats *st;
};

/* The x86 multiplexer form of rule: a0 == sub, its a0 conditions dropped. */
static struct sct_rule mux_rule(const struct sct_rule *rule, uint32_t sub)
{
	struct sct_rule m = { .action = rule->action, .nconds = 1 };

	m.conds[0] = (struct sct_cond){ .arg = 0, .op = SCT_CMP_EQ, .value = sub };
	for (unsigned int i = 0; i < rule->nconds; i++)
		if (rule->conds[i].arg != 0 && m.nconds < SCT_MAX_CONDS)
			m.conds[m.nconds++] = rule->conds[i];
	return m;
}

static int add_name_rule(struct block *b, const struct sct_profile_nrs *nrs, const char *nm,
			 const struct sct_rule *rule, struct sct_rule_src src)
{
	int r = 0;

	if (nrs->has_direct)
		r = add_rule(b->rs, b->st, nrs->direct, nm, rule, src);
	if (!r && nrs->has_mux) {
		struct sct_rule m = mux_rule(rule, nrs->sub);

		r = add_rule(b->rs, b->st, nrs->mux, nrs->mux == 102 ? "socketcall" : "ipc", &m, src);
	}
	return r;
}

static int resolve_entry(const struct sct_profile *p, size_t idx, const struct sct_profile_target *t,
			 struct block *b, char *err, size_t errlen)
{
	const struct sct_profile_entry *e = &p->entries[idx];
	struct sct_rule rule = { .action = e->action };
	struct sct_rule_src src = { .entry = (uint32_t)idx + 1 };
	struct sct_profile_stats *st = b->st;
	int r = 0;

	if (!sct_profile_entry_applies(t, e, NULL, 0))
		return 0;
	st->entries_used++;
	st->split += e->split;
	for (size_t i = 0; i < e->nnames && !r; i++) {
		const char *nm = e->names[i];
		struct sct_profile_nrs nrs;

		if (rule.action == p->default_action) {
			st->redundant++;
			continue;
		}
		if (sct_profile_name_nrs(b->token, nm, &nrs)) {
			note_unknown(st, nm);
			continue;
		}
		if (!e->split) {
			rule.nconds = (unsigned int)e->nargs;
			if (e->nargs > SCT_MAX_CONDS)
				r = -E2BIG;
			else
				memcpy(rule.conds, e->args, e->nargs * sizeof(e->args[0]));
			if (!r)
				r = add_name_rule(b, &nrs, nm, &rule, src);
		} else {
			/* runc: conditions on one argument twice -> one rule each (OR) */
			for (size_t a = 0; a < e->nargs && !r; a++) {
				rule.nconds = 1;
				rule.conds[0] = e->args[a];
				r = add_name_rule(b, &nrs, nm, &rule,
						  (struct sct_rule_src){ src.entry, (uint32_t)a + 1 });
			}
		}
	}
	if (r == -EEXIST)
		return sct_fail(err, errlen, -EINVAL, "syscalls[%zu]: %s: a rule with the same conditions "
				"and another action exists; libseccomp refuses it (EEXIST), so runc and crun "
				"fail to start the container", idx, sct_profile_arch_by_token(b->token)->name);
	if (r < 0)
		return r == -ENOMEM ? r : sct_fail(err, errlen, -EINVAL, "syscalls[%zu]: rule refused: %s",
					       idx, strerror(-r));
	return 0;
}

/* stats.arches: the archMap entry for t's arch, or the flat list. */
static void note_arches(const struct sct_profile *p, const struct sct_profile_target *t,
			struct sct_profile_stats *st)
{
	for (size_t i = 0; i < p->narchmap; i++) {
		const struct sct_profile_archmap *m = &p->archmap[i];

		if (strcmp(m->arch, t->scmp) || st->arches[0])
			continue;
		snprintf(st->arches, sizeof(st->arches), "%s", t->scmp);
		for (size_t s = 0; s < m->nsubs; s++) {
			size_t used = strlen(st->arches);

			snprintf(st->arches + used, sizeof(st->arches) - used, " %s", m->subs[s]);
		}
	}
	for (size_t i = 0; i < p->narchitectures; i++) {
		size_t used = strlen(st->arches);

		snprintf(st->arches + used, sizeof(st->arches) - used, "%s%s", used ? " " : "",
			 p->architectures[i]);
	}
}

/* ---- overlap analysis: can two rules match the same arguments? --------- */

/* The closed interval a condition accepts, when it is one; an empty one
 * comes back as lo > hi. */
static bool cond_interval(const struct sct_cond *cd, uint64_t *lo, uint64_t *hi)
{
	*lo = 0;
	*hi = UINT64_MAX;
	switch (cd->op) {
	case SCT_CMP_EQ:
		*lo = *hi = cd->value;
		return true;
	case SCT_CMP_LT:
		if (!cd->value)
			*lo = 1, *hi = 0;
		else
			*hi = cd->value - 1;
		return true;
	case SCT_CMP_LE:
		*hi = cd->value;
		return true;
	case SCT_CMP_GT:
		if (cd->value == UINT64_MAX)
			*lo = 1, *hi = 0;
		else
			*lo = cd->value + 1;
		return true;
	case SCT_CMP_GE:
		*lo = cd->value;
		return true;
	default:
		return false;
	}
}

/* Provably no value satisfies both conditions (same argument). */
static bool conds_disjoint(const struct sct_cond *x, const struct sct_cond *y)
{
	uint64_t xl, xh, yl, yh;
	bool xi = cond_interval(x, &xl, &xh), yi = cond_interval(y, &yl, &yh);

	if ((xi && xl > xh) || (yi && yl > yh))
		return true;
	if (xi && yi)
		return xh < yl || yh < xl;
	if (x->op == SCT_CMP_NE && yi)
		return yl == yh && yl == x->value;
	if (y->op == SCT_CMP_NE && xi)
		return xl == xh && xl == y->value;
	/* MASKED_EQ: (arg & mask) == (datum & mask), as sct_cmp_eval */
	if (x->op == SCT_CMP_MASKED_EQ && y->op == SCT_CMP_MASKED_EQ)
		return ((x->value ^ y->value) & x->mask & y->mask) != 0;
	if (x->op == SCT_CMP_MASKED_EQ && y->op == SCT_CMP_EQ)
		return ((y->value ^ x->value) & x->mask) != 0;
	if (y->op == SCT_CMP_MASKED_EQ && x->op == SCT_CMP_EQ)
		return ((x->value ^ y->value) & y->mask) != 0;
	return false;
}

static bool rules_disjoint(const struct sct_rule *a, const struct sct_rule *b)
{
	for (unsigned int i = 0; i < a->nconds; i++)
		for (unsigned int j = 0; j < b->nconds; j++)
			if (a->conds[i].arg == b->conds[j].arg &&
			    conds_disjoint(&a->conds[i], &b->conds[j]))
				return true;
	return false;
}

static void find_order_sensitive(const struct sct_ruleset *rs, struct sct_profile_stats *st)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];
		bool hit = false;

		for (size_t a = 0; a < s->nrules && !hit; a++)
			for (size_t b = a + 1; b < s->nrules && !hit; b++)
				hit = s->rules[a].action != s->rules[b].action &&
				      !rules_disjoint(&s->rules[a], &s->rules[b]);
		if (hit) {
			size_t used = strlen(st->order_sensitive_names);

			st->order_sensitive++;
			snprintf(st->order_sensitive_names + used,
				 sizeof(st->order_sensitive_names) - used, "%s%s",
				 used ? " " : "", s->name);
		}
	}
}

/* ---- entry point ---------------------------------------------------------- */

static int resolve_block(const struct sct_profile *p, const struct sct_profile_target *t,
			 struct block *b, char *err, size_t errlen)
{
	int r = 0;

	for (size_t i = 0; i < p->nentries && !r; i++)
		r = resolve_entry(p, i, t, b, err, errlen);
	return r;
}

int sct_profile_resolve_arch(const struct sct_profile *p, const struct sct_profile_target *t,
			     struct sct_ruleset *rs, uint32_t token, struct sct_profile_stats *st,
			     char *err, size_t errlen)
{
	struct block b = { .rs = rs, .token = token, .st = st };

	return resolve_block(p, t, &b, err, errlen);
}

int sct_profile_resolve(const struct sct_profile *p, const struct sct_profile_target *t,
			struct sct_ruleset **out, struct sct_profile_stats *st,
			char *err, size_t errlen)
{
	/* libseccomp's default for arches not in the filter */
	struct sct_ruleset *rs = sct_ruleset_new(p->default_action, SECCOMP_RET_KILL_THREAD);
	struct block b = { .rs = rs, .token = t->audit_arch, .st = st };
	int r;

	*out = NULL;
	memset(st, 0, sizeof(*st));
	if (!rs)
		return -ENOMEM;
	rs->audit_arch = t->audit_arch;
	rs->x32_bit = t->x32_bit;
	rs->args32 = sct_profile_arch_by_token(t->audit_arch)->args32;
	st->default_action = p->default_action;
	snprintf(st->arch, sizeof(st->arch), "%s", t->arch);
	st->kernel_major = t->kmaj;
	st->kernel_minor = t->kmin;
	note_arches(p, t, st);
	st->entries = p->nentries;
	r = resolve_block(p, t, &b, err, errlen);
	if (!r) {
		/* the statistics describe the host arch's block */
		for (size_t i = 0; i < rs->n; i++)
			st->rules += rs->sys[i].nrules;
		st->syscalls = rs->n;
		find_order_sensitive(rs, st);
	}
	if (!r && t->runtime != SCT_PROFILE_ONE_ARCH)
		r = sct_profile_runtime_program(p, t, rs, err, errlen);
	if (r < 0) {
		sct_ruleset_free(rs);
		return r;
	}
	*out = rs;
	return 0;
}
