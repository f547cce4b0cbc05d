// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_report.c - tools/seccomp-profile's output (see profile_report.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "disasm.h"
#include "install.h"
#include "profile_report.h"
#include "sim.h"

/* ---- loading -------------------------------------------------------------- */

static bool has_arch(const struct sct_profile *p, const char *scmp)
{
	for (size_t i = 0; i < p->narchmap; i++) {
		if (!strcmp(p->archmap[i].arch, scmp))
			return true;
		for (size_t s = 0; s < p->archmap[i].nsubs; s++)
			if (!strcmp(p->archmap[i].subs[s], scmp))
				return true;
	}
	for (size_t i = 0; i < p->narchitectures; i++)
		if (!strcmp(p->architectures[i], scmp))
			return true;
	return false;
}

int sct_profile_open(const char *path, const struct sct_profile_opts *o,
		    struct sct_profile_file *l, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int r;

	memset(l, 0, sizeof(*l));
	l->path = path;
	l->caps_given = o && o->caps;
	r = sct_profile_target_init(&l->t, o, err, errlen);
	if (r)
		return r;
	l->have_target = true;
	r = sct_profile_read_file(path, &buf, &len, err, errlen);
	if (r)
		return r;
	r = sct_profile_parse(buf, len, &l->p, err, errlen);
	free(buf);
	if (!r && (l->p->narchmap || l->p->narchitectures) && !has_arch(l->p, l->t.scmp)) {
		snprintf(err, errlen, "the profile has no %s (%s) in archMap or architectures",
			 l->t.scmp, l->t.arch);
		r = -EINVAL;
	}
	if (!r)
		r = sct_profile_resolve(l->p, &l->t, &l->rs, &l->st, err, errlen);
	if (r && r != -EINVAL)
		snprintf(err, errlen, "%s", strerror(-r));
	if (r)
		sct_profile_prefix_err(path, err, errlen);
	return r;
}

void sct_profile_close(struct sct_profile_file *l)
{
	sct_ruleset_free(l->rs);
	sct_profile_model_free(l->p);
	if (l->have_target)
		sct_profile_target_fini(&l->t);
	memset(l, 0, sizeof(*l));
}

/* ---- text helpers --------------------------------------------------------- */

static const char *op_sym(enum sct_cmp op)
{
	static const char *const sym[SCT_CMP_COUNT] = {
		[SCT_CMP_EQ] = "==", [SCT_CMP_NE] = "!=", [SCT_CMP_LT] = "<",
		[SCT_CMP_LE] = "<=", [SCT_CMP_GT] = ">", [SCT_CMP_GE] = ">=",
		[SCT_CMP_MASKED_EQ] = "==",
	};
	return op < SCT_CMP_COUNT ? sym[op] : "?";
}

/* "a0 & 0x7e020000 == 0", "a1 >= 0x7" */
static const char *cond_str(const struct sct_cond *cd, char *buf, size_t len)
{
	if (cd->op == SCT_CMP_MASKED_EQ)
		snprintf(buf, len, "a%u & %#llx == %#llx", cd->arg, (unsigned long long)cd->mask,
			 (unsigned long long)(cd->value & cd->mask));
	else
		snprintf(buf, len, "a%u %s %#llx", cd->arg, op_sym(cd->op),
			 (unsigned long long)cd->value);
	return buf;
}

/* The rule's conditions joined with " && ", "" for none. */
static const char *rule_conds(const struct sct_rule *ru, char *buf, size_t len)
{
	char c[96];

	buf[0] = '\0';
	for (unsigned int i = 0; i < ru->nconds; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "%s%s", i ? " && " : "",
			 cond_str(&ru->conds[i], c, sizeof(c)));
	}
	return buf;
}

static const char *act(uint32_t a, char *buf, size_t len)
{
	return sct_profile_action_str(a, buf, len);
}

static void caps_line(FILE *out, const struct sct_profile_file *l)
{
	if (!l->caps_given)
		fprintf(out, "Docker's default (%zu)", l->t.ncaps);
	else if (!l->t.ncaps)
		fprintf(out, "none");
	else
		for (size_t i = 0; i < l->t.ncaps; i++)
			fprintf(out, "%s%s", i ? "," : "", l->t.caps[i]);
}

/* ---- compile formats -------------------------------------------------- */

void sct_profile_write_summary(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_profile_stats *st = &l->st;
	char a[32];

	fprintf(out, "profile:         %s\n", l->path);
	fprintf(out, "resolved for:    arch %s, kernel %u.%u, capabilities ", st->arch,
		st->kernel_major, st->kernel_minor);
	caps_line(out, l);
	fprintf(out, "\narches:          %s\n", st->arches[0] ? st->arches : "(none listed for this arch)");
	fprintf(out, "default action:  %s\n", act(st->default_action, a, sizeof(a)));
	fprintf(out, "entries:         %zu (%zu apply)\n", st->entries, st->entries_used);
	fprintf(out, "syscalls:        %zu\n", st->syscalls);
	fprintf(out, "rules:           %zu (%zu split from same-argument conditions, %zu superseded, "
		"%zu with the default action dropped)\n",
		st->rules, st->split, st->superseded, st->redundant);
	fprintf(out, "unknown skipped: %zu%s%s\n", st->unknown_names,
		st->unknown_names ? ": " : "", st->unknown);
	fprintf(out, "order-sensitive: %zu%s%s\n", st->order_sensitive,
		st->order_sensitive ? ": " : "", st->order_sensitive_names);
}

void sct_profile_write_rules(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_ruleset *rs = l->rs;
	char a[32], c[512], p[64];

	fprintf(out, "default %s (defaultAction), bad arch %s\n",
		act(rs->default_action, a, sizeof(a)), sct_action_name(rs->bad_arch_action));
	for (size_t i = 0; i < rs->n; i++)
		for (size_t r = 0; r < rs->sys[i].nrules; r++) {
			const struct sct_rule *ru = &rs->sys[i].rules[r];

			rule_conds(ru, c, sizeof(c));
			fprintf(out, "%4u %-24s %s%s-> %-14s %s\n", rs->sys[i].nr, rs->sys[i].name,
				c, *c ? " " : "", act(ru->action, a, sizeof(a)),
				sct_profile_rule_path(&rs->sys[i], r, p, sizeof(p)));
		}
}

static json_object *hex(uint64_t v)
{
	char b[24];

	snprintf(b, sizeof(b), "0x%llx", (unsigned long long)v);
	return json_object_new_string(b);
}

static json_object *action_obj(uint32_t action, const char *source)
{
	json_object *o = json_object_new_object();
	uint32_t full = action & SECCOMP_RET_ACTION_FULL;

	json_object_object_add(o, "action", json_object_new_string(sct_action_name(action)));
	if (full == SECCOMP_RET_ERRNO || full == SECCOMP_RET_TRACE || full == SECCOMP_RET_TRAP)
		json_object_object_add(o, "data", json_object_new_int((int)(action & SECCOMP_RET_DATA)));
	json_object_object_add(o, "ret", hex(action));
	if (source)
		json_object_object_add(o, "source", json_object_new_string(source));
	return o;
}

int sct_profile_write_json(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_ruleset *rs = l->rs;
	json_object *root = json_object_new_object(), *caps = json_object_new_array();
	json_object *sys = json_object_new_array();
	char k[16], p[64];

	json_object_object_add(root, "schema", json_object_new_string("seccomp-suite/ruleset/1"));
	json_object_object_add(root, "profile", json_object_new_string(l->path));
	json_object_object_add(root, "arch", json_object_new_string(l->t.arch));
	json_object_object_add(root, "audit_arch", hex(rs->audit_arch));
	snprintf(k, sizeof(k), "%u.%u", l->t.kmaj, l->t.kmin);
	json_object_object_add(root, "kernel", json_object_new_string(k));
	for (size_t i = 0; i < l->t.ncaps; i++)
		json_object_array_add(caps, json_object_new_string(l->t.caps[i]));
	json_object_object_add(root, "caps", caps);
	json_object_object_add(root, "default_action", action_obj(rs->default_action, "defaultAction"));
	json_object_object_add(root, "bad_arch_action", action_obj(rs->bad_arch_action, NULL));
	if (rs->x32_bit)
		json_object_object_add(root, "x32_bit", hex(rs->x32_bit));
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];
		json_object *so = json_object_new_object(), *rules = json_object_new_array();

		json_object_object_add(so, "nr", json_object_new_int64(s->nr));
		json_object_object_add(so, "name", json_object_new_string(s->name));
		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *ru = &s->rules[r];
			json_object *ro = action_obj(ru->action, sct_profile_rule_path(s, r, p, sizeof(p)));
			json_object *conds = json_object_new_array();

			for (unsigned int c = 0; c < ru->nconds; c++) {
				json_object *co = json_object_new_object();

				json_object_object_add(co, "arg", json_object_new_int((int)ru->conds[c].arg));
				json_object_object_add(co, "op", json_object_new_string(
						       sct_cmp_name(ru->conds[c].op)));
				if (ru->conds[c].op == SCT_CMP_MASKED_EQ)
					json_object_object_add(co, "mask", hex(ru->conds[c].mask));
				json_object_object_add(co, "value", hex(ru->conds[c].value));
				json_object_array_add(conds, co);
			}
			json_object_object_add(ro, "conds", conds);
			json_object_array_add(rules, ro);
		}
		json_object_object_add(so, "rules", rules);
		json_object_array_add(sys, so);
	}
	json_object_object_add(root, "syscalls", sys);
	fprintf(out, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
			     JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return 0;
}

void sct_profile_write_c(FILE *out, const struct sct_profile_file *l, const struct sock_fprog *fp,
		  const char *name, enum sct_layout layout)
{
	const char *base = strrchr(l->path, '/') ? strrchr(l->path, '/') + 1 : l->path;
	char id[64], text[96];
	size_t n = 0;

	if (name)
		base = name;
	if (isdigit((unsigned char)base[0]))
		id[n++] = '_';
	for (; *base && n < sizeof(id) - 1; base++) {
		if (!name && !strcmp(base, ".json"))
			break;
		id[n++] = isalnum((unsigned char)*base) ? *base : '_';
	}
	id[n] = '\0';
	fprintf(out, "/* %s: %s, kernel %u.%u, capabilities ", l->path, l->t.arch, l->t.kmaj,
		l->t.kmin);
	caps_line(out, l);
	fprintf(out, "; layout %s, %u instructions (seccomp-profile compile --format c) */\n",
		sct_layout_name(layout), fp->len);
	fprintf(out, "#include <linux/filter.h>\n\nstatic const struct sock_filter %s_insns[] = {\n", id);
	for (size_t pc = 0; pc < fp->len; pc++) {
		const struct sock_filter *in = &fp->filter[pc];

		fprintf(out, "\t{ 0x%02x, %3u, %3u, 0x%08x },\t/* %4zu: %s */\n", in->code, in->jt,
			in->jf, in->k, pc, sct_disasm_insn(fp->filter, fp->len, pc, text, sizeof(text)));
	}
	fprintf(out, "};\n\nstatic const struct sock_fprog %s = {\n"
		"\t.len = sizeof(%s_insns) / sizeof(%s_insns[0]),\n"
		"\t.filter = (struct sock_filter *)%s_insns,\n};\n", id, id, id, id);
}

/* ---- explain ----------------------------------------------------------- */

/* The first condition of ru that fails for args, shown as what the argument
 * is: "a0 & 0x7e020000 = 0x10000000", "a0 = 0x1234". */
static bool first_failing(const struct sct_rule *ru, const uint64_t *args, char *buf, size_t len)
{
	for (unsigned int i = 0; i < ru->nconds; i++) {
		const struct sct_cond *cd = &ru->conds[i];
		uint64_t v = args[cd->arg];

		if (sct_cmp_eval(cd->op, v, cd->value, cd->mask))
			continue;
		if (cd->op == SCT_CMP_MASKED_EQ)
			snprintf(buf, len, "a%u & %#llx = %#llx", cd->arg,
				 (unsigned long long)cd->mask, (unsigned long long)(v & cd->mask));
		else
			snprintf(buf, len, "a%u = %#llx", cd->arg, (unsigned long long)v);
		return true;
	}
	return false;
}

/* "syscalls[17].names[1]" or "syscalls[4].name": where the entry names nm. */
static void entry_name_path(const struct sct_profile_entry *e, size_t idx, size_t ni,
			    char *buf, size_t len)
{
	if (e->single_name)
		snprintf(buf, len, "syscalls[%zu].name", idx);
	else
		snprintf(buf, len, "syscalls[%zu].names[%zu]", idx, ni);
}

static void explain_entries(FILE *out, const struct sct_profile_file *l,
			    const struct sct_profile_call *call, const struct sct_syscall *s,
			    long decided)
{
	size_t shown = 0;
	char a[32], why[160], path[64], c[512];

	fprintf(out, "entries naming %s:", call->name[0] ? call->name : "it");
	for (size_t i = 0; call->name[0] && i < l->p->nentries; i++) {
		const struct sct_profile_entry *e = &l->p->entries[i];
		size_t ni, nrules = 0;

		for (ni = 0; ni < e->nnames; ni++)
			if (!strcmp(e->names[ni], call->name))
				break;
		if (ni == e->nnames)
			continue;
		if (!shown++)
			fputc('\n', out);
		entry_name_path(e, i, ni, path, sizeof(path));
		fprintf(out, "  %-24s %-12s ", path, act(e->action, a, sizeof(a)));
		if (!sct_profile_entry_applies(&l->t, e, why, sizeof(why))) {
			fprintf(out, "not applied: %s\n", why);
			continue;
		}
		if (e->action == l->p->default_action) {
			fprintf(out, "applied, dropped: the default action (runc skips such rules)\n");
			continue;
		}
		for (size_t r = 0; s && r < s->nrules; r++) {
			const struct sct_rule *ru = &s->rules[r];

			if (s->src[r].entry != i + 1)
				continue;
			rule_conds(ru, c, sizeof(c));
			if (nrules++)
				fprintf(out, "  %-24s %-12s ", "", "");
			if (s->src[r].arg)
				fprintf(out, "args[%u]: ", s->src[r].arg - 1);
			fprintf(out, "%s", *c ? c : "any arguments");
			if ((long)r == decided)
				fprintf(out, ": matches, decides\n");
			else if (decided >= 0 && (long)r > decided)
				fprintf(out, ": not reached\n");
			else if (first_failing(ru, call->args, why, sizeof(why)))
				fprintf(out, ": no match, %s\n", why);
			else
				fprintf(out, "\n");
		}
		if (!nrules)
			fprintf(out, "applied, superseded: an unconditional rule of the syscall"
				" replaces its conditional ones (libseccomp)\n");
	}
	if (!shown)
		fprintf(out, " none\n");
}

int sct_profile_explain(FILE *out, const struct sct_profile_file *l,
		       const struct sct_profile_call *call, enum sct_layout layout,
		       char *err, size_t errlen)
{
	struct seccomp_data sd = { .nr = (int)call->nr, .arch = l->rs->audit_arch };
	const struct sct_syscall *s = sct_ruleset_find(l->rs, call->nr);
	struct sock_fprog fp = { 0 };
	struct sct_sim_result res;
	struct sct_sim sim;
	unsigned long *hits = NULL;
	uint32_t action, full;
	char a[32], b[32], path[64], c[512], text[96];
	size_t nargs = call->nargs;
	long which;
	int r;

	memcpy(sd.args, call->args, sizeof(sd.args));
	action = sct_ruleset_eval_rule(l->rs, &sd, &which);
	full = action & SECCOMP_RET_ACTION_FULL;
	fprintf(out, "profile:    %s\n", l->path);
	fprintf(out, "target:     %s, kernel %u.%u, capabilities ", l->t.arch, l->t.kmaj, l->t.kmin);
	caps_line(out, l);
	fprintf(out, "\ncall:       %s(", call->name[0] ? call->name : "?");
	for (size_t i = 0; i < nargs; i++)
		fprintf(out, "%s%#llx", i ? ", " : "", (unsigned long long)call->args[i]);
	fprintf(out, "), nr %u\n", call->nr);
	fprintf(out, "action:     %s", act(action, a, sizeof(a)));
	if (full == SECCOMP_RET_ERRNO) {
		int e = (int)(action & SECCOMP_RET_DATA);
		const char *en = strerrorname_np(e);

		fprintf(out, ", the call fails with errno %d %s (%s)", e, en ? en : "?", strerror(e));
	}
	fprintf(out, "\ndecided by: ");
	if (which >= 0) {
		const struct sct_rule *ru = &s->rules[which];

		rule_conds(ru, c, sizeof(c));
		fprintf(out, "%s (matches: %s)\n",
			sct_profile_rule_path(s, (size_t)which, path, sizeof(path)),
			*c ? c : "any arguments");
	} else {
		fprintf(out, "defaultAction (%s)\n", s ? "no rule of the syscall matched"
							: "the compiled rule set has no rule for it");
	}
	explain_entries(out, l, call, s, which);

	r = sct_layout_build(layout, l->rs, &fp, err, errlen);
	if (r)
		return r;
	if (sct_sim_load(&sim, fp.filter, fp.len, err, errlen) ||
	    !(hits = calloc(fp.len, sizeof(*hits))) || sct_sim_run(&sim, &sd, &res, hits)) {
		free(hits);
		free(fp.filter);
		if (errlen && !err[0])
			snprintf(err, errlen, "layout %s: the simulator refused the program",
				 sct_layout_name(layout));
		return -EINVAL;
	}
	fprintf(out, "bpf path:   layout %s, %zu of %u instructions executed\n",
		sct_layout_name(layout), res.executed, fp.len);
	for (size_t pc = 0; pc < fp.len; pc++)
		if (hits[pc])
			fprintf(out, "  %4zu  %s\n", pc, sct_disasm_insn(fp.filter, fp.len, pc,
								      text, sizeof(text)));
	r = res.action != action;
	fprintf(out, "bpf action: %s%s\n", act(res.action, b, sizeof(b)),
		r ? " -- DIFFERS from the rule set's, a bug of the layout" : "");
	free(hits);
	free(fp.filter);
	return r;
}

/* ---- diff ---------------------------------------------------------------- */

#define MAX_VALUES 160
#define MAX_POINTS 200000

struct values {
	uint64_t v[MAX_VALUES];
	size_t n;
};

static void add_value(struct values *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < MAX_VALUES)
		vs->v[vs->n++] = v;
}

/* Values of each argument that reach every region the conditions draw:
 * each boundary and its neighbours, each mask bit flipped. */
static void add_cond_values(struct values *vs, const struct sct_syscall *s)
{
	for (size_t r = 0; s && r < s->nrules; r++)
		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			const struct sct_cond *cd = &s->rules[r].conds[c];
			struct values *v = &vs[cd->arg];

			if (cd->op == SCT_CMP_MASKED_EQ) {
				uint64_t d = cd->value & cd->mask;

				add_value(v, d);
				add_value(v, d | ~cd->mask);
				for (int bit = 0; bit < 64; bit++)
					if (cd->mask >> bit & 1)
						add_value(v, d ^ (1ULL << bit));
			} else {
				add_value(v, cd->value - 1);
				add_value(v, cd->value);
				add_value(v, cd->value + 1);
			}
		}
}

struct region {
	long ra, rb;			/* deciding rule, -1 default */
	uint32_t aa, ab;
	uint64_t example[6];
};

static const char *side(const struct sct_syscall *s, long r, uint32_t action,
			char *buf, size_t len)
{
	char a[32], p[64];

	snprintf(buf, len, "%s %s", act(action, a, sizeof(a)),
		 r >= 0 ? sct_profile_rule_path(s, (size_t)r, p, sizeof(p)) : "defaultAction");
	return buf;
}

static void print_row(FILE *out, const char *sys, const char *where, const char *example,
		      const char *a, const char *b)
{
	fprintf(out, "%-18s %-34s %-22s %-30s %s\n", sys, where, example, a, b);
}

static void append(char *buf, size_t len, const char *text)
{
	size_t n = strlen(buf);

	if (!strstr(buf, text))
		snprintf(buf + n, len - n, "%s%s", n ? " && " : "", text);
}

static int cmp_u64(const void *x, const void *y);

/*
 * Every rule of s compares argument arg with a constant: the values where
 * none matches, as exact ranges ("a0 == 0x26 || a0 == 0x28"). A rule's
 * truth changes only at its v or v + 1, so each piece between sorted
 * boundaries is decided by its first value. False when too many pieces.
 */
static bool no_rule_ranges(const struct sct_syscall *s, unsigned int arg, char *buf, size_t len)
{
	uint64_t b[2 * 64 + 1];
	size_t nb = 0, pieces = 0;

	if (s->nrules > 64)
		return false;
	b[nb++] = 0;
	for (size_t i = 0; i < s->nrules; i++) {
		b[nb++] = s->rules[i].conds[0].value;
		if (s->rules[i].conds[0].value != UINT64_MAX)
			b[nb++] = s->rules[i].conds[0].value + 1;
	}
	qsort(b, nb, sizeof(b[0]), cmp_u64);
	buf[0] = '\0';
	for (size_t i = 0; i < nb;) {
		size_t j = i + 1;
		bool hit = false;
		uint64_t hi;

		while (j < nb && b[j] == b[i])
			j++;
		for (size_t r = 0; r < s->nrules && !hit; r++) {
			const struct sct_cond *cd = &s->rules[r].conds[0];

			hit = sct_cmp_eval(cd->op, b[i], cd->value, cd->mask);
		}
		hi = j < nb ? b[j] - 1 : UINT64_MAX;
		if (!hit) {
			size_t n = strlen(buf);

			if (++pieces > 6)
				return false;
			if (hi == b[i])
				snprintf(buf + n, len - n, "%sa%u == %#llx", n ? " || " : "", arg,
					 (unsigned long long)hi);
			else
				snprintf(buf + n, len - n, "%sa%u in %#llx..%#llx", n ? " || " : "", arg,
					 (unsigned long long)b[i], (unsigned long long)hi);
		}
		i = j;
	}
	if (pieces > 1) {
		size_t n = strlen(buf);

		if (n + 3 > len)
			return false;
		memmove(buf + 1, buf, n + 1);
		buf[0] = '(';
		strcat(buf, ")");
	}
	return pieces > 0;
}

/*
 * Add to buf the argument region in which s decides by rule r: that rule's
 * conditions, or (r < 0, the default) that none of the conditional rules
 * match: "(a0 == 0x26 || a0 == 0x28)", "!(a0 & 0x7e020000 == 0)", "no rule of F".
 */
static void region_text(char *buf, size_t len, const struct sct_syscall *s, long r,
			const char *file)
{
	char c[512], t[600];
	size_t ncond = 0, nsame = 0;
	unsigned int arg = 0;

	if (!s)
		return;
	if (r >= 0) {
		if (s->rules[r].nconds)
			append(buf, len, rule_conds(&s->rules[r], c, sizeof(c)));
		return;
	}
	for (size_t i = 0; i < s->nrules; i++) {
		const struct sct_rule *ru = &s->rules[i];

		ncond++;
		if (ru->nconds == 1 && ru->conds[0].op != SCT_CMP_MASKED_EQ &&
		    (!nsame || ru->conds[0].arg == arg)) {
			arg = ru->conds[0].arg;
			nsame++;
		}
	}
	if (!ncond)
		return;
	if (nsame != ncond || !no_rule_ranges(s, arg, t, sizeof(t))) {
		if (ncond == 1)
			snprintf(t, sizeof(t), "!(%s)", rule_conds(&s->rules[0], c, sizeof(c)));
		else
			snprintf(t, sizeof(t), "no rule of %s",
				 strrchr(file, '/') ? strrchr(file, '/') + 1 : file);
	}
	append(buf, len, t);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static bool has_masked(const struct sct_syscall *s)
{
	for (size_t r = 0; s && r < s->nrules; r++)
		for (unsigned int c = 0; c < s->rules[r].nconds; c++)
			if (s->rules[r].conds[c].op == SCT_CMP_MASKED_EQ)
				return true;
	return false;
}

/*
 * One argument compared with constants only: the decision of either rule
 * set can change only at a boundary v or v + 1, all among the sorted values,
 * so [v[i], v[i+1] - 1] is one piece and the rows are exact ranges.
 */
static int diff_ranges(FILE *out, const struct sct_syscall *sa, const struct sct_syscall *sb,
		       const struct sct_profile_file *a, const struct sct_profile_file *b,
		       const char *name, unsigned int arg, struct values *vs)
{
	struct seccomp_data sd = { .nr = (int)(sa ? sa->nr : sb->nr), .arch = a->rs->audit_arch };
	int rows = 0;

	qsort(vs->v, vs->n, sizeof(vs->v[0]), cmp_u64);
	for (size_t i = 0; i < vs->n;) {
		struct region g;
		size_t j;
		uint64_t hi;
		char where[96], ex[48], ca[64], cb[64];

		sd.args[arg] = vs->v[i];
		g.aa = sct_ruleset_eval_rule(a->rs, &sd, &g.ra);
		g.ab = sct_ruleset_eval_rule(b->rs, &sd, &g.rb);
		/* extend over the next pieces that decide the same way */
		for (j = i + 1; j < vs->n; j++) {
			long ra, rb;

			sd.args[arg] = vs->v[j];
			if (sct_ruleset_eval_rule(a->rs, &sd, &ra) != g.aa || ra != g.ra ||
			    sct_ruleset_eval_rule(b->rs, &sd, &rb) != g.ab || rb != g.rb)
				break;
		}
		hi = j < vs->n ? vs->v[j] - 1 : UINT64_MAX;
		/* both defaults: the "(every other)" row says it once */
		if (g.aa != g.ab && (g.ra >= 0 || g.rb >= 0)) {
			if (hi == vs->v[i])
				snprintf(where, sizeof(where), "a%u == %#llx", arg,
					 (unsigned long long)hi);
			else
				snprintf(where, sizeof(where), "a%u in %#llx..%#llx", arg,
					 (unsigned long long)vs->v[i], (unsigned long long)hi);
			snprintf(ex, sizeof(ex), "a%u=%#llx", arg, (unsigned long long)vs->v[i]);
			print_row(out, name, where, ex, side(sa, g.ra, g.aa, ca, sizeof(ca)),
				  side(sb, g.rb, g.ab, cb, sizeof(cb)));
			rows++;
		}
		i = j;
	}
	return rows;
}

/* Compare a and b on one syscall number; rows printed, count returned. */
static int diff_syscall(FILE *out, const struct sct_profile_file *a,
			const struct sct_profile_file *b, uint32_t nr, const char *name)
{
	const struct sct_syscall *sa = sct_ruleset_find(a->rs, nr), *sb = sct_ruleset_find(b->rs, nr);
	struct values vs[6];
	struct region *regs = NULL;
	size_t nregs = 0, points = 1, used[6], nused = 0, idx[6] = { 0 };
	struct seccomp_data sd = { .nr = (int)nr, .arch = a->rs->audit_arch };
	int rows = 0;

	memset(vs, 0, sizeof(vs));
	add_cond_values(vs, sa);
	add_cond_values(vs, sb);
	for (unsigned int i = 0; i < 6; i++)
		if (vs[i].n) {
			add_value(&vs[i], 0);
			add_value(&vs[i], UINT64_MAX);
			used[nused++] = i;
			if (points <= MAX_POINTS)
				points *= vs[i].n;
		}
	if (nused == 1 && !has_masked(sa) && !has_masked(sb))
		return diff_ranges(out, sa, sb, a, b, name, (unsigned int)used[0], &vs[used[0]]);
	for (;;) {
		struct region g;
		size_t k;

		for (k = 0; k < nused; k++)
			sd.args[used[k]] = vs[used[k]].v[idx[k]];
		g.aa = sct_ruleset_eval_rule(a->rs, &sd, &g.ra);
		g.ab = sct_ruleset_eval_rule(b->rs, &sd, &g.rb);
		if (g.aa != g.ab && (g.ra >= 0 || g.rb >= 0)) {
			for (k = 0; k < nregs; k++)
				if (regs[k].ra == g.ra && regs[k].rb == g.rb)
					break;
			if (k == nregs) {
				struct region *p = realloc(regs, (nregs + 1) * sizeof(*p));

				if (!p) {
					free(regs);
					return -ENOMEM;
				}
				regs = p;
				memcpy(g.example, sd.args, sizeof(g.example));
				regs[nregs++] = g;
			}
		}
		/* next point: an odometer over the used arguments; past
		 * MAX_POINTS only the first argument varies */
		for (k = 0; k < nused; k++) {
			if (++idx[k] < vs[used[k]].n)
				break;
			idx[k] = 0;
			if (points > MAX_POINTS)
				k = nused - 1;
		}
		if (k == nused)
			break;
	}
	for (size_t i = 0; i < nregs; i++) {
		const struct region *g = &regs[i];
		char where[1100] = "", ex[160] = "", ca[64], cb[64];

		region_text(where, sizeof(where), sa, g->ra, a->path);
		region_text(where, sizeof(where), sb, g->rb, b->path);
		if (!where[0])
			snprintf(where, sizeof(where), "*");
		for (size_t k = 0; k < nused; k++) {
			size_t n = strlen(ex);

			snprintf(ex + n, sizeof(ex) - n, "%sa%zu=%#llx", k ? "," : "", used[k],
				 (unsigned long long)g->example[used[k]]);
		}
		print_row(out, name, where, nused ? ex : "-", side(sa, g->ra, g->aa, ca, sizeof(ca)),
			  side(sb, g->rb, g->ab, cb, sizeof(cb)));
		rows++;
	}
	free(regs);
	return rows;
}

int sct_profile_diff(FILE *out, const struct sct_profile_file *a,
		    const struct sct_profile_file *b)
{
	const char *na = strrchr(a->path, '/') ? strrchr(a->path, '/') + 1 : a->path;
	const char *nb = strrchr(b->path, '/') ? strrchr(b->path, '/') + 1 : b->path;
	size_t ia = 0, ib = 0, nsys = 0;
	int rows = 0;

	fprintf(out, "# %s vs %s: %s, kernel %u.%u, capabilities ", a->path, b->path,
		a->t.arch, a->t.kmaj, a->t.kmin);
	caps_line(out, a);
	fputc('\n', out);
	print_row(out, "SYSCALL", "WHERE", "EXAMPLE", na, nb);
	/* the syscalls either names, in ascending number */
	while (ia < a->rs->n || ib < b->rs->n) {
		const struct sct_syscall *s;
		int n;

		if (ib == b->rs->n || (ia < a->rs->n && a->rs->sys[ia].nr < b->rs->sys[ib].nr))
			s = &a->rs->sys[ia++];
		else if (ia == a->rs->n || b->rs->sys[ib].nr < a->rs->sys[ia].nr)
			s = &b->rs->sys[ib++];
		else
			s = &a->rs->sys[ia++], ib++;
		n = diff_syscall(out, a, b, s->nr, s->name);
		if (n < 0)
			return n;
		rows += n;
		nsys += n > 0;
	}
	if (a->rs->default_action != b->rs->default_action) {
		char ca[48], cb[48], x[32];

		snprintf(ca, sizeof(ca), "%s defaultAction", act(a->rs->default_action, x, sizeof(x)));
		snprintf(cb, sizeof(cb), "%s defaultAction", act(b->rs->default_action, x, sizeof(x)));
		print_row(out, "(every other)", "no rule matches", "-", ca, cb);
		rows++;
	}
	if (rows)
		fprintf(out, "# %d region%s in %zu syscall%s%s differ\n", rows, rows == 1 ? "" : "s",
			nsys, nsys == 1 ? "" : "s",
			a->rs->default_action != b->rs->default_action ? " and the default action" : "");
	else
		fprintf(out, "# no differences\n");
	return rows ? 1 : 0;
}
