// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_report.c - tools/seccomp-profile's output (see profile_report.h):
 * loading, compile's formats, explain; diff is profile_diff.c.
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

/* "a0 & 0x7e020000 == 0", "a1 >= 0x7" */
static const char *cond_str(const struct sct_cond *cd, char *buf, size_t len)
{
	if (cd->op == SCT_CMP_MASKED_EQ)
		snprintf(buf, len, "a%u & %#llx == %#llx", cd->arg, (unsigned long long)cd->mask,
			 (unsigned long long)(cd->value & cd->mask));
	else
		snprintf(buf, len, "a%u %s %#llx", cd->arg, sct_cmp_symbol(cd->op),
			 (unsigned long long)cd->value);
	return buf;
}

const char *sct_profile_rule_conds(const struct sct_rule *ru, char *buf, size_t len)
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

void sct_profile_write_caps(FILE *out, const struct sct_profile_file *l)
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

static const char *block_name(const struct sct_ruleset *b)
{
	const struct sct_profile_arch *a = sct_profile_arch_by_token(b->audit_arch);

	return a ? a->uname : "?";
}

/* "x86_64 (+x32) stub > 456, x32 > 0x40000223; i686 stub > 456" */
static void write_blocks(FILE *out, const struct sct_ruleset *rs)
{
	for (size_t i = 0; i <= rs->nsub; i++) {
		const struct sct_ruleset *b = i ? rs->sub[i - 1] : rs;

		fprintf(out, "%s%s%s", i ? "; " : "", block_name(b), b->x32_rules ? " (+x32)" : "");
		if (!b->stub.on)
			continue;
		fprintf(out, ", runc's ENOSYS stub:");
		if (b->stub.last != SCT_STUB_NONE)
			fprintf(out, " nr > %u", b->stub.last);
		if (b->stub.last_x32 != SCT_STUB_NONE)
			fprintf(out, "%s x32 nr > %#x", b->stub.last != SCT_STUB_NONE ? "," : "",
				b->stub.last_x32);
	}
	fprintf(out, "%s\n", rs->nsub || rs->x32_rules ? "" : " only (other arches: bad-arch action)");
}

void sct_profile_write_summary(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_profile_stats *st = &l->st;
	char a[32];

	fprintf(out, "profile:         %s\n", l->path);
	fprintf(out, "resolved for:    arch %s, kernel %u.%u, capabilities ", st->arch,
		st->kernel_major, st->kernel_minor);
	sct_profile_write_caps(out, l);
	fprintf(out, "\narches:          %s\n",
		st->arches[0] ? st->arches : "(none listed for this arch)");
	fprintf(out, "runtime model:   %s\n", sct_profile_runtime_name(l->t.runtime));
	fprintf(out, "program:         ");
	write_blocks(out, l->rs);
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

static void write_block_rules(FILE *out, const struct sct_ruleset *rs)
{
	char a[32], c[512], p[64];

	for (size_t i = 0; i < rs->n; i++)
		for (size_t r = 0; r < rs->sys[i].nrules; r++) {
			const struct sct_rule *ru = &rs->sys[i].rules[r];

			sct_profile_rule_conds(ru, c, sizeof(c));
			fprintf(out, "%4u %-24s %s%s-> %-14s %s\n", rs->sys[i].nr, rs->sys[i].name,
				c, *c ? " " : "", act(ru->action, a, sizeof(a)),
				sct_profile_rule_path(&rs->sys[i], r, p, sizeof(p)));
		}
}

void sct_profile_write_rules(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_ruleset *rs = l->rs;
	char a[32];

	fprintf(out, "default %s (defaultAction), bad arch %s\n",
		act(rs->default_action, a, sizeof(a)), sct_action_name(rs->bad_arch_action));
	if (rs->nsub || rs->x32_rules || rs->stub.on) {
		fprintf(out, "program: ");
		write_blocks(out, rs);
		fprintf(out, "arch %s:\n", block_name(rs));
	}
	write_block_rules(out, rs);
	for (size_t i = 0; i < rs->nsub; i++) {
		fprintf(out, "arch %s:\n", block_name(rs->sub[i]));
		write_block_rules(out, rs->sub[i]);
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

static json_object *block_syscalls(const struct sct_ruleset *rs)
{
	json_object *sys = json_object_new_array();
	char p[64];

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
	return sys;
}

/* A block's own keys: arch, stub, 32-bit words. */
static void block_keys(json_object *o, const struct sct_ruleset *b)
{
	json_object_object_add(o, "audit_arch", hex(b->audit_arch));
	json_object_object_add(o, "args32", json_object_new_boolean(b->args32));
	if (b->x32_bit)
		json_object_object_add(o, "x32_bit", hex(b->x32_bit));
	if (b->x32_rules)
		json_object_object_add(o, "x32_rules", json_object_new_boolean(1));
	if (b->stub.on) {
		json_object *st = json_object_new_object();

		if (b->stub.last != SCT_STUB_NONE)
			json_object_object_add(st, "last", json_object_new_int64(b->stub.last));
		if (b->stub.last_x32 != SCT_STUB_NONE)
			json_object_object_add(st, "last_x32", json_object_new_int64(b->stub.last_x32));
		json_object_object_add(o, "enosys_stub", st);
	}
}

int sct_profile_write_json(FILE *out, const struct sct_profile_file *l)
{
	const struct sct_ruleset *rs = l->rs;
	json_object *root = json_object_new_object(), *caps = json_object_new_array();
	json_object *subs = json_object_new_array();
	char k[16];

	json_object_object_add(root, "schema", json_object_new_string("seccomp-suite/ruleset/1"));
	json_object_object_add(root, "profile", json_object_new_string(l->path));
	json_object_object_add(root, "arch", json_object_new_string(l->t.arch));
	json_object_object_add(root, "runtime", json_object_new_string(sct_profile_runtime_name(l->t.runtime)));
	block_keys(root, rs);
	snprintf(k, sizeof(k), "%u.%u", l->t.kmaj, l->t.kmin);
	json_object_object_add(root, "kernel", json_object_new_string(k));
	for (size_t i = 0; i < l->t.ncaps; i++)
		json_object_array_add(caps, json_object_new_string(l->t.caps[i]));
	json_object_object_add(root, "caps", caps);
	json_object_object_add(root, "default_action", action_obj(rs->default_action, "defaultAction"));
	json_object_object_add(root, "bad_arch_action", action_obj(rs->bad_arch_action, NULL));
	json_object_object_add(root, "syscalls", block_syscalls(rs));
	for (size_t i = 0; i < rs->nsub; i++) {
		json_object *b = json_object_new_object();

		block_keys(b, rs->sub[i]);
		json_object_object_add(b, "default_action", action_obj(rs->sub[i]->default_action,
								       "defaultAction"));
		json_object_object_add(b, "syscalls", block_syscalls(rs->sub[i]));
		json_object_array_add(subs, b);
	}
	json_object_object_add(root, "sub_arches", subs);
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
	sct_profile_write_caps(out, l);
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
			sct_profile_rule_conds(ru, c, sizeof(c));
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
	uint32_t token = call->token ? call->token : l->t.audit_arch;
	struct seccomp_data sd = { .nr = (int)call->nr,
		.arch = token == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : token };
	const struct sct_ruleset *blk = sct_ruleset_arch(l->rs, sd.arch);
	const struct sct_syscall *s = blk ? sct_ruleset_find(blk, call->nr) : NULL;
	const struct sct_profile_arch *ca = sct_profile_arch_by_token(token);
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
	fprintf(out, "target:     %s, kernel %u.%u, runtime %s, capabilities ", l->t.arch,
		l->t.kmaj, l->t.kmin, sct_profile_runtime_name(l->t.runtime));
	sct_profile_write_caps(out, l);
	fprintf(out, "\ncall:       %s%s%s(", ca && token != l->t.audit_arch ? ca->uname : "",
		ca && token != l->t.audit_arch ? " " : "", call->name[0] ? call->name : "?");
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

		sct_profile_rule_conds(ru, c, sizeof(c));
		fprintf(out, "%s (matches: %s)\n",
			sct_profile_rule_path(s, (size_t)which, path, sizeof(path)),
			*c ? c : "any arguments");
	} else if (!blk) {
		fprintf(out, "the bad-arch action (arch %#x is not in the program)\n", sd.arch);
	} else if (sct_ruleset_stub_enosys(blk, call->nr)) {
		fprintf(out, "runc's ENOSYS stub (nr above %u, the highest number the profile "
			"names for this arch)\n", blk->x32_bit && (call->nr & blk->x32_bit) ?
			blk->stub.last_x32 : blk->stub.last);
	} else if (sct_ruleset_x32_is_bad_arch(blk, call->nr)) {
		fprintf(out, "the bad-arch action (an x32 number, x32 is not in the program)\n");
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
