// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_diff.c - where two compiled profiles decide differently, as a
 * table (sct_profile_diff in profile_report.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "profile_report.h"

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

	snprintf(buf, len, "%s %s", sct_profile_action_str(action, a, sizeof(a)),
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
			append(buf, len, sct_profile_rule_conds(&s->rules[r], c, sizeof(c)));
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
			snprintf(t, sizeof(t), "!(%s)", sct_profile_rule_conds(&s->rules[0], c, sizeof(c)));
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

/* The syscalls either block names, in ascending number; x32 numbers and
 * other arches' blocks get their arch before the name. */
static int diff_block(FILE *out, const struct sct_profile_file *a, const struct sct_profile_file *b,
		      const char *arch, size_t *nsys)
{
	size_t ia = 0, ib = 0;
	int rows = 0;

	while (ia < a->rs->n || ib < b->rs->n) {
		const struct sct_syscall *s;
		char name[64];
		int n;

		if (ib == b->rs->n || (ia < a->rs->n && a->rs->sys[ia].nr < b->rs->sys[ib].nr))
			s = &a->rs->sys[ia++];
		else if (ia == a->rs->n || b->rs->sys[ib].nr < a->rs->sys[ia].nr)
			s = &b->rs->sys[ib++];
		else
			s = &a->rs->sys[ia++], ib++;
		if (a->rs->x32_rules && (s->nr & a->rs->x32_bit))
			snprintf(name, sizeof(name), "x32 %s", s->name);
		else
			snprintf(name, sizeof(name), "%s%s%s", arch ? arch : "", arch ? " " : "", s->name);
		n = diff_syscall(out, a, b, s->nr, name);
		if (n < 0)
			return n;
		rows += n;
		*nsys += n > 0;
	}
	return rows;
}

int sct_profile_diff(FILE *out, const struct sct_profile_file *a,
		    const struct sct_profile_file *b)
{
	const char *na = strrchr(a->path, '/') ? strrchr(a->path, '/') + 1 : a->path;
	const char *nb = strrchr(b->path, '/') ? strrchr(b->path, '/') + 1 : b->path;
	size_t nsys = 0;
	int rows = 0;

	fprintf(out, "# %s vs %s: %s, kernel %u.%u, runtime %s, capabilities ", a->path, b->path,
		a->t.arch, a->t.kmaj, a->t.kmin, sct_profile_runtime_name(a->t.runtime));
	sct_profile_write_caps(out, a);
	fputc('\n', out);
	print_row(out, "SYSCALL", "WHERE", "EXAMPLE", na, nb);
	/* each arch block of a with b's block of the same arch; the host's first */
	for (size_t k = 0; k <= a->rs->nsub; k++) {
		const struct sct_ruleset *ba = k ? a->rs->sub[k - 1] : a->rs;
		const struct sct_ruleset *bb = sct_ruleset_arch(b->rs, ba->audit_arch);
		const struct sct_profile_arch *arch = sct_profile_arch_by_token(ba->audit_arch);
		struct sct_profile_file va = *a, vb = *b;
		int n;

		if (!bb) {
			print_row(out, arch ? arch->uname : "?", "the arch", "-", "in the program",
				  "bad-arch action");
			rows++;
			continue;
		}
		va.rs = (struct sct_ruleset *)ba;
		vb.rs = (struct sct_ruleset *)bb;
		n = diff_block(out, &va, &vb, k && arch ? arch->uname : NULL, &nsys);
		if (n < 0)
			return n;
		rows += n;
	}
	for (size_t k = 0; k < b->rs->nsub; k++)
		if (!sct_ruleset_arch(a->rs, b->rs->sub[k]->audit_arch)) {
			const struct sct_profile_arch *arch = sct_profile_arch_by_token(b->rs->sub[k]->audit_arch);

			print_row(out, arch ? arch->uname : "?", "the arch", "-", "bad-arch action",
				  "in the program");
			rows++;
		}
	if (a->rs->default_action != b->rs->default_action) {
		char ca[48], cb[48], x[32];

		snprintf(ca, sizeof(ca), "%s defaultAction",
			 sct_profile_action_str(a->rs->default_action, x, sizeof(x)));
		snprintf(cb, sizeof(cb), "%s defaultAction",
			 sct_profile_action_str(b->rs->default_action, x, sizeof(x)));
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
