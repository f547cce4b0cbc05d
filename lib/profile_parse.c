// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_parse.c - Docker/OCI seccomp JSON -> struct sct_profile (see
 * profile_model.h). Validates everything, whatever the arch or capability
 * set it will be resolved for, so a profile is either valid or not.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "profile_model.h"

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

/* Copy a validated array of strings (or NULL) into *out, count in *n. */
static int dup_strings(json_object *arr, char ***out, size_t *n)
{
	size_t len = arr ? json_object_array_length(arr) : 0;

	*out = NULL;
	*n = 0;
	if (!len)
		return 0;
	*out = calloc(len, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		(*out)[i] = strdup(json_object_get_string(json_object_array_get_idx(arr, i)));
		if (!(*out)[i])
			return -ENOMEM;
		++*n;
	}
	return 0;
}

static void free_strings(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

bool sct_profile_parse_kernel(const char *s, bool lenient, unsigned int *maj, unsigned int *min)
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

static int parse_when(struct ctx *c, json_object *entry, const char *path,
		      const char *key, struct sct_profile_when *w)
{
	json_object *o, *v, *caps, *arches;
	char p[PATHLEN];
	int r;

	r = member(c, entry, path, key, json_type_object, &o);
	if (r <= 0)
		return r;
	w->present = true;
	pathf(p, "%s.%s", path, key);
	r = member_strings(c, o, p, "caps", 4096, "capabilities", &caps);
	if (r >= 0)
		r = member_strings(c, o, p, "arches", 4096, "arches", &arches);
	if (r >= 0)
		r = member(c, o, p, "minKernel", json_type_string, &v);
	if (r < 0)
		return r;
	if (v) {
		char q[PATHLEN];

		pathf(q, "%s.minKernel", p);
		if (!sct_profile_parse_kernel(json_object_get_string(v), false, &w->maj, &w->min))
			return fail(c, q, "invalid kernel version \"%s\" (expected MAJOR.MINOR)",
				    json_object_get_string(v));
		w->has_min = true;
	}
	r = dup_strings(caps, &w->caps, &w->ncaps);
	return r ? r : dup_strings(arches, &w->arches, &w->narches);
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

/* More conditions than runc would ever see in one entry. */
#define MAX_ARGS 64

static int parse_entry(struct ctx *c, json_object *e, const char *path,
		       struct sct_profile_entry *out)
{
	json_object *names, *name1, *args;
	unsigned int per_arg[6] = { 0 };
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
	r = parse_action(c, e, path, "action", "errnoRet", &out->action);
	if (r < 0)
		return r;
	r = member(c, e, path, "args", json_type_array, &args);
	if (r < 0)
		return r;
	nargs = args ? json_object_array_length(args) : 0;
	if (nargs > MAX_ARGS) {
		char p[PATHLEN];

		pathf(p, "%s.args", path);
		return fail(c, p, "too many conditions (%zu, at most %d)", nargs, MAX_ARGS);
	}
	if (nargs) {
		out->args = calloc(nargs, sizeof(*out->args));
		if (!out->args)
			return -ENOMEM;
	}
	for (size_t i = 0; i < nargs; i++) {
		char p[PATHLEN];

		pathf(p, "%s.args[%zu]", path, i);
		r = parse_arg(c, json_object_array_get_idx(args, i), p, &out->args[i]);
		if (r < 0)
			return r;
		out->nargs++;
		if (++per_arg[out->args[i].arg] > 1)
			out->split = true;
	}
	r = parse_when(c, e, path, "includes", &out->inc);
	if (r >= 0)
		r = parse_when(c, e, path, "excludes", &out->exc);
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
	if (names)
		return dup_strings(names, &out->names, &out->nnames);
	out->single_name = true;
	out->names = calloc(1, sizeof(*out->names));
	if (!out->names || !(out->names[0] = strdup(json_object_get_string(name1))))
		return -ENOMEM;
	out->nnames = 1;
	return 0;
}

static int parse_arches(struct ctx *c, json_object *root, struct sct_profile *p)
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
	if (map && json_object_array_length(map)) {
		p->archmap = calloc(json_object_array_length(map), sizeof(*p->archmap));
		if (!p->archmap)
			return -ENOMEM;
	}
	for (size_t i = 0; map && i < json_object_array_length(map); i++) {
		json_object *m = json_object_array_get_idx(map, i), *a, *subs;
		struct sct_profile_archmap *am = &p->archmap[i];
		char path[PATHLEN];

		pathf(path, "archMap[%zu]", i);
		if (json_object_get_type(m) != json_type_object)
			return fail(c, path, "expected object, got %s", type_name(m));
		r = member(c, m, path, "architecture", json_type_string, &a);
		if (r >= 0)
			r = member_strings(c, m, path, "subArchitectures", 64, "sub-architectures", &subs);
		if (r < 0)
			return r;
		if (!a)
			return fail(c, path, "missing \"architecture\"");
		p->narchmap++;
		am->arch = strdup(json_object_get_string(a));
		if (!am->arch || dup_strings(subs, &am->subs, &am->nsubs))
			return -ENOMEM;
	}
	return dup_strings(list, &p->architectures, &p->narchitectures);
}

static int parse_root(struct ctx *c, json_object *root, struct sct_profile *p)
{
	json_object *sys;
	size_t n;
	int r;

	if (json_object_get_type(root) != json_type_object)
		return fail(c, "", "top level: expected object, got %s", type_name(root));
	r = parse_action(c, root, "", "defaultAction", "defaultErrnoRet", &p->default_action);
	if (r < 0)
		return r;
	if (p->default_action == SECCOMP_RET_USER_NOTIF)
		return fail(c, "defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
	r = parse_arches(c, root, p);
	if (r >= 0)
		r = member(c, root, "", "syscalls", json_type_array, &sys);
	if (r < 0)
		return r;
	n = sys ? json_object_array_length(sys) : 0;
	if (n > SCT_PROFILE_MAX_ENTRIES)
		return fail(c, "syscalls", "too many entries (%zu, at most %d)",
			    n, SCT_PROFILE_MAX_ENTRIES);
	if (n) {
		p->entries = calloc(n, sizeof(*p->entries));
		if (!p->entries)
			return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		char path[PATHLEN];

		pathf(path, "syscalls[%zu]", i);
		p->nentries++;	/* counted first: freed even when half filled */
		r = parse_entry(c, json_object_array_get_idx(sys, i), path, &p->entries[i]);
		if (r < 0)
			return r;
	}
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

int sct_profile_parse(const char *json, size_t len, struct sct_profile **out,
		      char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen };
	struct sct_profile *p = calloc(1, sizeof(*p));
	json_object *root = NULL;
	int r;

	*out = NULL;
	if (!p)
		return -ENOMEM;
	r = parse_json(&c, json, len, &root);
	if (!r)
		r = parse_root(&c, root, p);
	json_object_put(root);
	if (r < 0) {
		sct_profile_model_free(p);
		return r;
	}
	*out = p;
	return 0;
}

static void free_when(struct sct_profile_when *w)
{
	free_strings(w->caps, w->ncaps);
	free_strings(w->arches, w->narches);
}

void sct_profile_model_free(struct sct_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nentries; i++) {
		struct sct_profile_entry *e = &p->entries[i];

		free_strings(e->names, e->nnames);
		free(e->args);
		free_when(&e->inc);
		free_when(&e->exc);
	}
	free(p->entries);
	for (size_t i = 0; i < p->narchmap; i++) {
		free(p->archmap[i].arch);
		free_strings(p->archmap[i].subs, p->archmap[i].nsubs);
	}
	free(p->archmap);
	free_strings(p->architectures, p->narchitectures);
	free(p);
}
