// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile.c - Docker/OCI seccomp JSON -> struct sct_ruleset (see profile.h
 * for the semantics and whose behaviour each step follows).
 */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "arch.h"
#include "install.h"
#include "profile.h"

const char *const sct_profile_docker_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};
const size_t sct_profile_docker_ncaps =
	sizeof(sct_profile_docker_caps) / sizeof(sct_profile_docker_caps[0]);

/* Architectures: the name profiles use in includes.arches (moby's
 * goToNative values), the archMap name, and the audit arch, which is also
 * libseccomp's arch token. */
struct arch_info {
	const char *name;
	const char *uname;
	const char *scmp;
	uint32_t audit_arch;
	uint32_t x32_bit;
};

static const struct arch_info arches[] = {
	{ "amd64",   "x86_64",  "SCMP_ARCH_X86_64",  SCMP_ARCH_X86_64,  0x40000000U },
	{ "x86",     "i686",    "SCMP_ARCH_X86",     SCMP_ARCH_X86,     0 },
	{ "arm64",   "aarch64", "SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64, 0 },
	{ "arm",     "armv7l",  "SCMP_ARCH_ARM",     SCMP_ARCH_ARM,     0 },
	{ "s390x",   "s390x",   "SCMP_ARCH_S390X",   SCMP_ARCH_S390X,   0 },
	{ "ppc64le", "ppc64le", "SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE, 0 },
	{ "riscv64", "riscv64", "SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64, 0 },
};

static const struct { const char *name; enum sct_cmp op; } ops[] = {
	{ "SCMP_CMP_NE", SCT_CMP_NE }, { "SCMP_CMP_LT", SCT_CMP_LT },
	{ "SCMP_CMP_LE", SCT_CMP_LE }, { "SCMP_CMP_EQ", SCT_CMP_EQ },
	{ "SCMP_CMP_GE", SCT_CMP_GE }, { "SCMP_CMP_GT", SCT_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCT_CMP_MASKED_EQ },
};

/* Actions; `data` marks the two that carry errnoRet (EPERM if absent). */
static const struct { const char *name; uint32_t ret; bool data; } actions[] = {
	{ "SCMP_ACT_KILL",		SECCOMP_RET_KILL_THREAD,	false },
	{ "SCMP_ACT_KILL_THREAD",	SECCOMP_RET_KILL_THREAD,	false },
	{ "SCMP_ACT_KILL_PROCESS",	SECCOMP_RET_KILL_PROCESS,	false },
	{ "SCMP_ACT_TRAP",		SECCOMP_RET_TRAP,		false },
	{ "SCMP_ACT_ERRNO",		SECCOMP_RET_ERRNO,		true },
	{ "SCMP_ACT_TRACE",		SECCOMP_RET_TRACE,		true },
	{ "SCMP_ACT_ALLOW",		SECCOMP_RET_ALLOW,		false },
	{ "SCMP_ACT_LOG",		SECCOMP_RET_LOG,		false },
	{ "SCMP_ACT_NOTIFY",		SECCOMP_RET_USER_NOTIF,		false },
};

struct ctx {
	char *err;
	size_t errlen;
	const struct arch_info *arch;
	char **caps;			/* normalized "CAP_X" */
	size_t ncaps;
	unsigned int kmaj, kmin;
	struct sct_ruleset *rs;
	struct sct_profile_stats *st;
};

/* A parsed includes/excludes object. */
struct cond_set {
	json_object *caps, *arches;	/* arrays of strings or NULL */
	bool has_min;
	unsigned int maj, min;
};

#define PATHLEN 192

/* Build a JSON path ("syscalls[3].args[0]") into buf[PATHLEN]; long paths
 * are cut, which only shortens an error message. */
static void pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void pathf(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, PATHLEN, fmt, ap);
	va_end(ap);
}

static int fail(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!c->errlen)
		return -EINVAL;
	n = (size_t)snprintf(c->err, c->errlen, "%s%s", path, *path ? ": " : "");
	if (n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const char *type_name(json_object *o)
{
	return o ? json_type_to_name(json_object_get_type(o)) : "null";
}

/* The member `key` of obj: 0 when absent or null (*out = NULL), 1 when of
 * type want, -EINVAL (message at path.key) otherwise. */
static int member(struct ctx *c, json_object *obj, const char *path, const char *key,
		  json_type want, json_object **out)
{
	json_object *v = NULL;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return 0;
	if (json_object_get_type(v) != want) {
		char p[PATHLEN];

		pathf(p, "%s%s%s", path, *path ? "." : "", key);
		return fail(c, p, "expected %s, got %s", json_type_to_name(want), type_name(v));
	}
	*out = v;
	return 1;
}

/* A non-negative integer no larger than max. */
static int to_uint(struct ctx *c, json_object *v, const char *path, uint64_t max, uint64_t *out)
{
	if (json_object_get_type(v) != json_type_int)
		return fail(c, path, "expected a non-negative integer, got %s", type_name(v));
	if (json_object_get_int64(v) < 0)
		return fail(c, path, "expected a non-negative integer, got %lld",
			    (long long)json_object_get_int64(v));
	*out = json_object_get_uint64(v);
	if (*out > max)
		return fail(c, path, "%llu is out of range (at most %llu)",
			    (unsigned long long)*out, (unsigned long long)max);
	return 0;
}

/* Optional integer member: 0 absent, 1 present (*out set), <0 error. */
static int member_uint(struct ctx *c, json_object *obj, const char *path, const char *key,
		       uint64_t max, uint64_t *out)
{
	json_object *v = NULL;
	char p[PATHLEN];
	int r;

	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return 0;
	pathf(p, "%s%s%s", path, *path ? "." : "", key);
	r = to_uint(c, v, p, max, out);
	return r ? r : 1;
}

/* Optional array-of-strings member, at most max elements. */
static int member_strings(struct ctx *c, json_object *obj, const char *path, const char *key,
			  size_t max, const char *what, json_object **out)
{
	char p[PATHLEN];
	size_t n;
	int r = member(c, obj, path, key, json_type_array, out);

	if (r <= 0)
		return r;
	n = json_object_array_length(*out);
	pathf(p, "%s%s%s", path, *path ? "." : "", key);
	if (n > max)
		return fail(c, p, "too many %s (%zu, at most %zu)", what, n, max);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(*out, i);

		if (json_object_get_type(e) != json_type_string) {
			char q[PATHLEN];

			pathf(q, "%s[%zu]", p, i);
			return fail(c, q, "expected a string, got %s", type_name(e));
		}
	}
	return 1;
}

static bool strings_contain(json_object *arr, const char *s)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s))
			return true;
	return false;
}

/* "MAJOR.MINOR" (strict: the profile's minKernel) or, when lenient, any
 * release uname may print ("6.18.0-1-amd64"): the two leading numbers. */
static bool parse_kernel(const char *s, bool lenient, unsigned int *maj, unsigned int *min)
{
	char *end;
	unsigned long a, b;

	if (!isdigit((unsigned char)s[0]))
		return false;
	a = strtoul(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return false;
	b = strtoul(end + 1, &end, 10);
	if (!lenient && *end)
		return false;
	if (a > 1000 || b > 1000)
		return false;
	*maj = (unsigned int)a;
	*min = (unsigned int)b;
	return true;
}

static bool kernel_at_least(const struct ctx *c, const struct cond_set *cs)
{
	return c->kmaj > cs->maj || (c->kmaj == cs->maj && c->kmin >= cs->min);
}

static bool holds_cap(const struct ctx *c, const char *cap)
{
	for (size_t i = 0; i < c->ncaps; i++)
		if (!strcmp(c->caps[i], cap))
			return true;
	return false;
}

static int parse_cond_set(struct ctx *c, json_object *entry, const char *path,
			  const char *key, struct cond_set *cs)
{
	json_object *o, *v;
	char p[PATHLEN];
	int r;

	memset(cs, 0, sizeof(*cs));
	r = member(c, entry, path, key, json_type_object, &o);
	if (r <= 0)
		return r;
	pathf(p, "%s.%s", path, key);
	r = member_strings(c, o, p, "caps", 4096, "capabilities", &cs->caps);
	if (r >= 0)
		r = member_strings(c, o, p, "arches", 4096, "arches", &cs->arches);
	if (r >= 0)
		r = member(c, o, p, "minKernel", json_type_string, &v);
	if (r < 0)
		return r;
	if (v) {
		char q[PATHLEN];

		pathf(q, "%s.minKernel", p);
		if (!parse_kernel(json_object_get_string(v), false, &cs->maj, &cs->min))
			return fail(c, q, "invalid kernel version \"%s\" (expected MAJOR.MINOR)",
				    json_object_get_string(v));
		cs->has_min = true;
	}
	return 0;
}

/* moby setupSeccomp: does this entry apply to the chosen caps/arch/kernel? */
static bool entry_applies(const struct ctx *c, const struct cond_set *inc,
			  const struct cond_set *exc)
{
	size_t n;

	if (strings_contain(exc->arches, c->arch->name))
		return false;
	n = exc->caps ? json_object_array_length(exc->caps) : 0;
	for (size_t i = 0; i < n; i++)
		if (holds_cap(c, json_object_get_string(json_object_array_get_idx(exc->caps, i))))
			return false;
	if (exc->has_min && kernel_at_least(c, exc))
		return false;
	if (inc->arches && json_object_array_length(inc->arches) &&
	    !strings_contain(inc->arches, c->arch->name))
		return false;
	n = inc->caps ? json_object_array_length(inc->caps) : 0;
	for (size_t i = 0; i < n; i++)
		if (!holds_cap(c, json_object_get_string(json_object_array_get_idx(inc->caps, i))))
			return false;
	if (inc->has_min && !kernel_at_least(c, inc))
		return false;
	return true;
}

/* action + errnoRet members of obj (keys differ for the default action). */
static int parse_action(struct ctx *c, json_object *obj, const char *path,
			const char *akey, const char *ekey, uint32_t *out)
{
	json_object *a;
	uint64_t eret = EPERM;
	char p[PATHLEN];
	int r;

	pathf(p, "%s%s%s", path, *path ? "." : "", akey);
	r = member(c, obj, path, akey, json_type_string, &a);
	if (r < 0)
		return r;
	if (!r)
		return fail(c, p, "missing");
	r = member_uint(c, obj, path, ekey, 0xffff, &eret);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(actions[i].name, json_object_get_string(a))) {
			*out = actions[i].ret | (actions[i].data ? (uint32_t)eret : 0);
			return 0;
		}
	return fail(c, p, "unknown action \"%s\"", json_object_get_string(a));
}

static int parse_arg(struct ctx *c, json_object *arg, const char *path, struct sct_cond *cd)
{
	json_object *op;
	uint64_t index = 0, value = 0, two = 0;
	size_t i;
	int r;

	if (json_object_get_type(arg) != json_type_object)
		return fail(c, path, "expected object, got %s", type_name(arg));
	r = member_uint(c, arg, path, "index", 5, &index);
	if (r == 0)
		return fail(c, path, "missing \"index\"");
	if (r > 0)
		r = member_uint(c, arg, path, "value", UINT64_MAX, &value);
	if (r >= 0)
		r = member_uint(c, arg, path, "valueTwo", UINT64_MAX, &two);
	if (r >= 0)
		r = member(c, arg, path, "op", json_type_string, &op);
	if (r < 0)
		return r;
	if (!op) {
		char p[PATHLEN];

		pathf(p, "%s.op", path);
		return fail(c, p, "missing");
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, json_object_get_string(op)))
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		char p[PATHLEN];

		pathf(p, "%s.op", path);
		return fail(c, p, "unknown operator \"%s\"", json_object_get_string(op));
	}
	memset(cd, 0, sizeof(*cd));
	cd->arg = (unsigned int)index;
	cd->op = ops[i].op;
	if (cd->op == SCT_CMP_MASKED_EQ) {
		cd->mask = value;	/* libseccomp: SCMP_CMP_MASKED_EQ(mask, datum) */
		cd->value = two;
	} else {
		cd->value = value;
	}
	return 0;
}

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
static int add_rule(struct ctx *c, uint32_t nr, const char *name, const struct sct_rule *rule)
{
	struct sct_syscall *s = sct_ruleset_find(c->rs, nr);

	if (s) {
		for (size_t i = 0; i < s->nrules; i++)
			if (!s->rules[i].nconds) {
				c->st->superseded++;
				return 0;
			}
		if (!rule->nconds) {
			c->st->superseded += s->nrules;
			s->nrules = 0;
		}
	}
	return sct_ruleset_add(c->rs, nr, name, rule);
}

static int parse_entry(struct ctx *c, json_object *e, const char *path)
{
	json_object *names, *name1, *args;
	struct cond_set inc, exc;
	struct sct_rule rule = { 0 };
	struct sct_cond conds[64];
	unsigned int per_arg[6] = { 0 };
	bool split = false;
	size_t nargs = 0, nnames;
	int r;

	if (json_object_get_type(e) != json_type_object)
		return fail(c, path, "expected object, got %s", type_name(e));
	r = member_strings(c, e, path, "names", SCT_PROFILE_MAX_NAMES, "syscall names", &names);
	if (r >= 0)
		r = member(c, e, path, "name", json_type_string, &name1);
	if (r < 0)
		return r;
	if (names && name1)
		return fail(c, path, "both \"name\" and \"names\" given");
	if (!names && !name1)
		return fail(c, path, "missing \"names\"");
	r = parse_action(c, e, path, "action", "errnoRet", &rule.action);
	if (r < 0)
		return r;
	r = member(c, e, path, "args", json_type_array, &args);
	if (r < 0)
		return r;
	nargs = args ? json_object_array_length(args) : 0;
	if (nargs > sizeof(conds) / sizeof(conds[0])) {
		char p[PATHLEN];

		pathf(p, "%s.args", path);
		return fail(c, p, "too many conditions (%zu, at most %zu)", nargs,
			    sizeof(conds) / sizeof(conds[0]));
	}
	for (size_t i = 0; i < nargs; i++) {
		char p[PATHLEN];

		pathf(p, "%s.args[%zu]", path, i);
		r = parse_arg(c, json_object_array_get_idx(args, i), p, &conds[i]);
		if (r < 0)
			return r;
		if (++per_arg[conds[i].arg] > 1)
			split = true;
	}
	r = parse_cond_set(c, e, path, "includes", &inc);
	if (r >= 0)
		r = parse_cond_set(c, e, path, "excludes", &exc);
	if (r < 0)
		return r;
	/* names must be non-empty strings, whether or not the entry applies */
	nnames = names ? json_object_array_length(names) : 1;
	for (size_t i = 0; i < nnames; i++) {
		json_object *n = names ? json_object_array_get_idx(names, i) : name1;

		if (!*json_object_get_string(n)) {
			char p[PATHLEN];

			if (names)
				pathf(p, "%s.names[%zu]", path, i);
			else
				pathf(p, "%s.name", path);
			return fail(c, p, "empty syscall name");
		}
	}
	if (!entry_applies(c, &inc, &exc))
		return 0;
	c->st->entries_used++;
	c->st->split += split;
	for (size_t i = 0; i < nnames; i++) {
		const char *nm = json_object_get_string(names ? json_object_array_get_idx(names, i) : name1);
		int nr = seccomp_syscall_resolve_name_arch(c->arch->audit_arch, nm);

		if (rule.action == c->st->default_action) {
			c->st->redundant++;
			continue;
		}
		if (nr < 0) {
			note_unknown(c->st, nm);
			continue;
		}
		if (!split) {
			rule.nconds = (unsigned int)nargs;
			memcpy(rule.conds, conds, nargs * sizeof(conds[0]));
			r = add_rule(c, (uint32_t)nr, nm, &rule);
		} else {
			/* runc: conditions on one argument twice -> one rule each (OR) */
			for (size_t a = 0; a < nargs && !r; a++) {
				rule.nconds = 1;
				rule.conds[0] = conds[a];
				r = add_rule(c, (uint32_t)nr, nm, &rule);
			}
		}
		if (r < 0)
			return r == -ENOMEM ? r : fail(c, path, "rule refused: %s", strerror(-r));
	}
	return 0;
}

static int parse_arches(struct ctx *c, json_object *root)
{
	json_object *map, *list;
	int r;

	r = member(c, root, "", "archMap", json_type_array, &map);
	if (r >= 0)
		r = member_strings(c, root, "", "architectures", 64, "architectures", &list);
	if (r < 0)
		return r;
	if (map && list && json_object_array_length(map) && json_object_array_length(list))
		return fail(c, "", "both \"architectures\" and \"archMap\" given");
	for (size_t i = 0; map && i < json_object_array_length(map); i++) {
		json_object *m = json_object_array_get_idx(map, i), *a, *subs;
		char p[PATHLEN];

		pathf(p, "archMap[%zu]", i);
		if (json_object_get_type(m) != json_type_object)
			return fail(c, p, "expected object, got %s", type_name(m));
		r = member(c, m, p, "architecture", json_type_string, &a);
		if (r >= 0)
			r = member_strings(c, m, p, "subArchitectures", 64, "sub-architectures", &subs);
		if (r < 0)
			return r;
		if (!a)
			return fail(c, p, "missing \"architecture\"");
		if (strcmp(json_object_get_string(a), c->arch->scmp) || c->st->arches[0])
			continue;
		snprintf(c->st->arches, sizeof(c->st->arches), "%s", c->arch->scmp);
		for (size_t s = 0; subs && s < json_object_array_length(subs); s++) {
			size_t used = strlen(c->st->arches);

			snprintf(c->st->arches + used, sizeof(c->st->arches) - used, " %s",
				 json_object_get_string(json_object_array_get_idx(subs, s)));
		}
	}
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		size_t used = strlen(c->st->arches);

		snprintf(c->st->arches + used, sizeof(c->st->arches) - used, "%s%s", used ? " " : "",
			 json_object_get_string(json_object_array_get_idx(list, i)));
	}
	return 0;
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

static void find_order_sensitive(struct ctx *c)
{
	for (size_t i = 0; i < c->rs->n; i++) {
		const struct sct_syscall *s = &c->rs->sys[i];
		bool hit = false;

		for (size_t a = 0; a < s->nrules && !hit; a++)
			for (size_t b = a + 1; b < s->nrules && !hit; b++)
				hit = s->rules[a].action != s->rules[b].action &&
				      !rules_disjoint(&s->rules[a], &s->rules[b]);
		if (hit) {
			size_t used = strlen(c->st->order_sensitive_names);

			c->st->order_sensitive++;
			snprintf(c->st->order_sensitive_names + used,
				 sizeof(c->st->order_sensitive_names) - used, "%s%s",
				 used ? " " : "", s->name);
		}
	}
}

/* ---- options ------------------------------------------------------------ */

static int setup_opts(struct ctx *c, const struct sct_profile_opts *o)
{
	const char *const *caps = o && o->caps ? o->caps : sct_profile_docker_caps;
	size_t ncaps = o && o->caps ? o->ncaps : sct_profile_docker_ncaps;
	const char *want = o ? o->arch : NULL;
	struct utsname u;
	const char *kernel = o ? o->kernel : NULL;

	c->arch = NULL;
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (want ? !strcmp(want, arches[i].name) || !strcmp(want, arches[i].uname)
			 : arches[i].audit_arch == sct_arch_native()->audit_arch)
			c->arch = &arches[i];
	if (!c->arch)
		return fail(c, "", "unknown arch \"%s\"", want ? want : sct_arch_native()->name);
	/*
	 * minKernel is defined as a comparison with the release the container
	 * runtime reads from uname (moby kernelGreaterEqualThan), so here, and
	 * only here, the release string is the right input, not a probe.
	 */
	if (!kernel) {
		if (uname(&u))
			return fail(c, "", "uname: %s", strerror(errno));
		kernel = u.release;
	}
	if (!parse_kernel(kernel, true, &c->kmaj, &c->kmin))
		return fail(c, "", "invalid kernel version \"%s\" (expected MAJOR.MINOR)", kernel);
	c->caps = calloc(ncaps + 1, sizeof(*c->caps));
	if (!c->caps)
		return -ENOMEM;
	for (size_t i = 0; i < ncaps; i++) {
		const char *src = caps[i];
		char *d;

		if (!strncasecmp(src, "CAP_", 4))
			src += 4;
		if (!*src)
			return fail(c, "", "empty capability name");
		d = malloc(strlen(src) + 5);
		if (!d)
			return -ENOMEM;
		c->caps[c->ncaps++] = d;
		memcpy(d, "CAP_", 4);
		for (size_t k = 0; k <= strlen(src); k++)
			d[4 + k] = (char)toupper((unsigned char)src[k]);
	}
	return 0;
}

/* ---- entry points ------------------------------------------------------- */

static int parse_root(struct ctx *c, json_object *root)
{
	json_object *sys;
	uint32_t bad_arch = SECCOMP_RET_KILL_THREAD;	/* libseccomp's default */
	int r;

	if (json_object_get_type(root) != json_type_object)
		return fail(c, "", "top level: expected object, got %s", type_name(root));
	r = parse_action(c, root, "", "defaultAction", "defaultErrnoRet", &c->st->default_action);
	if (r < 0)
		return r;
	if (c->st->default_action == SECCOMP_RET_USER_NOTIF)
		return fail(c, "defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
	r = parse_arches(c, root);
	if (r >= 0)
		r = member(c, root, "", "syscalls", json_type_array, &sys);
	if (r < 0)
		return r;
	c->rs = sct_ruleset_new(c->st->default_action, bad_arch);
	if (!c->rs)
		return -ENOMEM;
	c->rs->audit_arch = c->arch->audit_arch;
	c->rs->x32_bit = c->arch->x32_bit;
	c->st->entries = sys ? json_object_array_length(sys) : 0;
	if (c->st->entries > SCT_PROFILE_MAX_ENTRIES)
		return fail(c, "syscalls", "too many entries (%zu, at most %d)",
			    c->st->entries, SCT_PROFILE_MAX_ENTRIES);
	for (size_t i = 0; i < c->st->entries; i++) {
		char p[PATHLEN];

		pathf(p, "syscalls[%zu]", i);
		r = parse_entry(c, json_object_array_get_idx(sys, i), p);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < c->rs->n; i++)
		c->st->rules += c->rs->sys[i].nrules;
	c->st->syscalls = c->rs->n;
	find_order_sensitive(c);
	return 0;
}

/* Line and column (1-based) of byte offset off. */
static void line_col(const char *s, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int parse_json(struct ctx *c, const char *json, size_t len, json_object **root)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	size_t end, line, col;

	*root = NULL;
	if (len > SCT_PROFILE_MAX_BYTES)
		return fail(c, "", "file too large (%zu bytes, at most %d)", len, SCT_PROFILE_MAX_BYTES);
	if (len > INT32_MAX)
		return -EFBIG;
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	*root = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue || (jerr == json_tokener_success && !*root && !end)) {
		line_col(json, len, &line, &col);
		json_object_put(*root);
		*root = NULL;
		return fail(c, "", "malformed JSON at line %zu, column %zu: unexpected end of input",
			    line, col);
	}
	if (jerr != json_tokener_success) {
		line_col(json, end < len ? end : len, &line, &col);
		return fail(c, "", "malformed JSON at line %zu, column %zu: %s", line, col,
			    json_tokener_error_desc(jerr));
	}
	while (end < len && isspace((unsigned char)json[end]))
		end++;
	if (end < len) {
		line_col(json, end, &line, &col);
		json_object_put(*root);
		*root = NULL;
		return fail(c, "", "malformed JSON at line %zu, column %zu: trailing data", line, col);
	}
	return 0;
}

static void free_caps(struct ctx *c)
{
	for (size_t i = 0; i < c->ncaps; i++)
		free(c->caps[i]);
	free(c->caps);
	c->caps = NULL;
	c->ncaps = 0;
}

/* Bad options are reported before the file is read. */
static int check_opts(const struct sct_profile_opts *opts, char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen };
	int r = setup_opts(&c, opts);

	free_caps(&c);
	return r;
}

int sct_profile_load_mem(const char *json, size_t len, const struct sct_profile_opts *opts,
			 struct sct_ruleset **out, struct sct_profile_stats *st,
			 char *err, size_t errlen)
{
	struct sct_profile_stats local;
	struct ctx c = { .err = err, .errlen = errlen, .st = st ? st : &local };
	json_object *root = NULL;
	int r;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	memset(c.st, 0, sizeof(*c.st));
	r = setup_opts(&c, opts);
	if (!r) {
		snprintf(c.st->arch, sizeof(c.st->arch), "%s", c.arch->name);
		c.st->kernel_major = c.kmaj;
		c.st->kernel_minor = c.kmin;
		r = parse_json(&c, json, len, &root);
	}
	if (!r)
		r = parse_root(&c, root);
	json_object_put(root);
	free_caps(&c);
	if (r < 0) {
		if (r != -EINVAL && errlen && !err[0])
			snprintf(err, errlen, "%s", strerror(-r));
		sct_ruleset_free(c.rs);
		return r;
	}
	*out = c.rs;
	return 0;
}

int sct_profile_load(const char *path, const struct sct_profile_opts *opts,
		     struct sct_ruleset **out, struct sct_profile_stats *st,
		     char *err, size_t errlen)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd, r;

	*out = NULL;
	r = check_opts(opts, err, errlen);
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb)) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return r;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > SCT_PROFILE_MAX_BYTES) {
		snprintf(err, errlen, "%s: %s", path,
			 S_ISREG(sb.st_mode) ? "file too large" : "not a regular file");
		close(fd);
		return -EINVAL;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n <= 0) {
			r = n ? -errno : -EIO;
			snprintf(err, errlen, "%s: read: %s", path, strerror(-r));
			free(buf);
			close(fd);
			return r;
		}
		got += (size_t)n;
	}
	close(fd);
	r = sct_profile_load_mem(buf, got, opts, out, st, err, errlen);
	free(buf);
	if (r < 0 && errlen) {
		/* prefix the file name: "docker.json: syscalls[3].action: ..." */
		size_t pl = strlen(path) + 2, el = strlen(err);

		if (pl + el < errlen) {
			memmove(err + pl, err, el + 1);
			memcpy(err, path, pl - 2);
			memcpy(err + pl - 2, ": ", 2);
		}
	}
	return r;
}

/* ---- helpers over the result ------------------------------------------- */

static bool is_errno(uint32_t action)
{
	return (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
}

int sct_profile_tag_errnos(struct sct_ruleset *rs, unsigned int base)
{
	uint32_t *acts[2] = { &rs->default_action, &rs->bad_arch_action };

	for (int pass = 0; pass < 2; pass++) {
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

const char *sct_profile_action_str(uint32_t action, char *buf, size_t len)
{
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;

	if (full == SECCOMP_RET_ERRNO || full == SECCOMP_RET_TRACE || full == SECCOMP_RET_TRAP)
		snprintf(buf, len, "%s(%u)", sct_action_name(action), action & SECCOMP_RET_DATA);
	else
		snprintf(buf, len, "%s", sct_action_name(action));
	return buf;
}

static const char *op_sym(enum sct_cmp op)
{
	static const char *const sym[SCT_CMP_COUNT] = {
		[SCT_CMP_EQ] = "==", [SCT_CMP_NE] = "!=", [SCT_CMP_LT] = "<",
		[SCT_CMP_LE] = "<=", [SCT_CMP_GT] = ">", [SCT_CMP_GE] = ">=",
		[SCT_CMP_MASKED_EQ] = "==",
	};
	return op < SCT_CMP_COUNT ? sym[op] : "?";
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
				fprintf(out, " %s %#llx", op_sym(cd->op), (unsigned long long)cd->value);
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

/* dir cut at its last `up` '/', then "/" rel, into buf. */
static void tree_path(char *buf, size_t len, const char *dir, int up, const char *rel)
{
	size_t n = strlen(dir);

	while (up-- > 0) {
		while (n && dir[n - 1] != '/')
			n--;
		while (n > 1 && dir[n - 1] == '/')
			n--;
	}
	snprintf(buf, len, "%.*s/%s", (int)n, dir, rel);
}

int sct_tree_find(const char *rel, const char *srcfile, char *buf, size_t len)
{
	char cand[4][PATH_MAX], exe[PATH_MAX];
	const char *env = getenv("SCT_SOURCE_DIR");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int k = 0;

	if (env && *env)
		snprintf(cand[k++], PATH_MAX, "%s/%s", env, rel);
	if (srcfile && srcfile[0] == '/')
		tree_path(cand[k++], PATH_MAX, srcfile, 2, rel);
	if (n > 0) {
		exe[n] = '\0';
		tree_path(cand[k++], PATH_MAX, exe, 1, rel);
		tree_path(cand[k++], PATH_MAX, exe, 3, rel);
	}
	for (int i = 0; i < k; i++)
		if (!access(cand[i], R_OK)) {
			snprintf(buf, len, "%s", cand[i]);
			return 0;
		}
	buf[0] = '\0';
	for (int i = 0; i < k; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", i ? ", " : "", cand[i]);
	}
	return -ENOENT;
}

int sct_profile_find(const char *name, const char *srcfile, char *buf, size_t len)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "profiles/%s", name);
	return sct_tree_find(rel, srcfile, buf, len);
}
