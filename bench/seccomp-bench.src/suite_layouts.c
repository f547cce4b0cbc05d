// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench suite "layouts": rule-set layouts (lib/layout.h) for
 * synthetic allow-lists and the Docker and Podman profiles, the measured
 * syscall first, in the middle or last, cached and not; ns beside the
 * simulator's executed instructions. With the length suite's fit in the
 * run (when length ran first), each uncached configuration also records
 * the cost that fit predicts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "profile.h"
#include "ruleset.h"

#include "bench.h"

#define FILLER_NR_END	0x1000	/* synthetic fillers: numbers below this, past every real syscall */

/* Syscalls the filtered side makes itself once its filters are in. */
static const uint32_t harness_nrs[] = {
	__NR_read, __NR_write, __NR_clock_gettime, __NR_exit_group, __NR_exit,
};

enum pos { POS_FRONT, POS_MIDDLE, POS_END };
static const char *const pos_names[] = { "front", "middle", "end" };

/* args[0] == 0, which every measured call passes (see MEASURED_CALL): the
 * path loads an argument, so it is not cacheable, and decides as before. */
static const struct sct_rule uncached_allow = {
	.nconds = 1,
	.conds = { { .arg = 0, .op = SCT_CMP_EQ, .value = 0 } },
	.action = SECCOMP_RET_ALLOW,
};

static int cmp_weight_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/*
 * Put the measured syscall at pos in weight order (weighted layouts): first
 * (twice the heaviest), the median weight, or last (half the lightest).
 */
static void place_by_weight(struct sct_ruleset *rs, uint32_t nr, enum pos pos)
{
	double *w = malloc(rs->n * sizeof(*w)), v;
	size_t i, m = 0;

	if (!w)
		return;
	for (i = 0; i < rs->n; i++)
		if (rs->sys[i].nr != nr && rs->sys[i].weight > 0)
			w[m++] = rs->sys[i].weight;
	qsort(w, m, sizeof(*w), cmp_weight_desc);
	v = !m ? 1 : pos == POS_FRONT ? 2 * w[0] : pos == POS_END ? w[m - 1] / 2 : w[m / 2];
	sct_ruleset_set_weight(rs, nr, v);
	free(w);
}

/* Make nr's first rule the always-true argument check (uncacheable). */
static int make_uncached(struct sct_ruleset *rs, uint32_t nr)
{
	struct sct_syscall *sc = sct_ruleset_find(rs, nr);

	if (!sc || !sc->nrules || sc->rules[0].nconds ||
	    sc->rules[0].action != SECCOMP_RET_ALLOW)
		return -EINVAL;
	sc->rules[0] = uncached_allow;
	return 0;
}

/*
 * A synthetic allow-list of n syscalls: the harness's own, the measured
 * one, and fillers around it so that its rank in ascending number order is
 * first, middle or last as far as the number space allows (only numbers
 * below it can come before it). Fillers get Zipf weights in a seeded random
 * order; the measured syscall's weight puts it at pos in weight order too.
 */
static struct sct_ruleset *synthetic_set(size_t n, enum pos pos, uint32_t nr, size_t *rank)
{
	struct sct_ruleset *rs = sct_ruleset_new(SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_KILL_PROCESS);
	uint64_t rng = BOOT_SEED + n;
	size_t i, need, below, got;
	uint32_t k;

	if (!rs)
		return NULL;
	for (i = 0; i < ARRAY_LEN(harness_nrs); i++)
		sct_ruleset_add_action(rs, harness_nrs[i], "", SECCOMP_RET_ALLOW);
	sct_ruleset_add_action(rs, nr, "", SECCOMP_RET_ALLOW);
	need = n > rs->n ? n - rs->n : 0;
	below = pos == POS_FRONT ? 0 : pos == POS_MIDDLE ? need / 2 : need;
	for (k = nr, got = 0; k-- > 0 && got < below; )
		if (!sct_ruleset_find(rs, k) && !sct_ruleset_add_action(rs, k, "", SECCOMP_RET_ALLOW))
			got++;
	for (k = nr + 1; rs->n < n && k < FILLER_NR_END; k++)
		if (!sct_ruleset_find(rs, k))
			sct_ruleset_add_action(rs, k, "", SECCOMP_RET_ALLOW);
	/* Zipf weights 1/r over the syscalls in a shuffled order. */
	{
		size_t *perm = malloc(rs->n * sizeof(*perm));

		if (perm) {
			for (i = 0; i < rs->n; i++)
				perm[i] = i;
			shuffle(perm, rs->n, &rng);
			for (i = 0; i < rs->n; i++)
				rs->sys[perm[i]].weight = 1.0 / (i + 1);
			free(perm);
		}
	}
	place_by_weight(rs, nr, pos);
	for (i = 0, *rank = 0; i < rs->n; i++)
		if (rs->sys[i].nr < nr)
			++*rank;
	return rs;
}

/* Add one configuration: rs in layout l, measured syscall nr. */
static void add_layout_cfg(struct suite *s, const char *set, size_t n, enum pos pos, bool cached,
			   enum sct_layout l, const struct sct_ruleset *rs, size_t rank)
{
	char name[64], why[200];
	struct sock_fprog prog;
	struct cfg *c;
	int err;

	snprintf(name, sizeof(name), "%s/%s/%s/%s", set, pos_names[pos], sct_layout_name(l),
		 cached ? "cached" : "uncached");
	c = suite_add(s, cached ? "cached" : "uncached", name, 0);
	json_object_object_add(c->params, "set", json_object_new_string(set));
	json_object_object_add(c->params, "set_size", json_object_new_int64(n));
	json_object_object_add(c->params, "position", json_object_new_string(pos_names[pos]));
	json_object_object_add(c->params, "rank_by_nr", json_object_new_int64(rank));
	json_object_object_add(c->params, "layout", json_object_new_string(sct_layout_name(l)));
	json_object_object_add(c->params, "form", json_object_new_string(cached ? "cached" : "uncached"));
	err = sct_layout_build(l, rs, &prog, why, sizeof(why));
	if (err) {
		snprintf(c->broken_why, sizeof(c->broken_why), "layout does not build: %s", why);
		c->broken = true;
		return;
	}
	c->progs[0] = prog;
	c->owned[0] = prog.filter;
	c->nprogs = 1;
	cfg_simulate(c);
	c->x = c->executed;
	if (c->cacheable != cached) {
		snprintf(c->broken_why, sizeof(c->broken_why), "the simulator says the path is %s",
			 c->cacheable ? "cacheable" : "not cacheable");
		c->broken = true;
	}
}

static void add_layout_set(struct suite *s, const char *set, size_t n, struct sct_ruleset *rs,
			   enum pos pos, bool cached, size_t rank)
{
	int l;

	for (l = 0; l < SCT_LAYOUT_COUNT; l++)
		add_layout_cfg(s, set, n, pos, cached, l, rs, rank);
}

/* Profile rule sets with a realistic call mix; measured syscall placed by weight. */
static struct sct_ruleset *profile_set(struct suite *s, const char *file, enum pos pos,
				       bool cached, uint32_t nr, size_t *rank)
{
	struct sct_ruleset *rs = NULL;
	char path[4096], err[300];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", s->run->opt.profiles_dir, file);
	if (sct_profile_load(path, NULL, &rs, NULL, err, sizeof(err))) {
		warn(s, "layouts: %s: %s", path, err);
		return NULL;
	}
	sct_mix_synthetic(rs);
	place_by_weight(rs, nr, pos);
	if (!cached && make_uncached(rs, nr)) {
		warn(s, "layouts: %s: %s is not an unconditional ALLOW there; skipped", path,
		     s->sysname);
		sct_ruleset_free(rs);
		return NULL;
	}
	for (i = 0, *rank = 0; i < rs->n; i++)
		if (rs->sys[i].nr < nr)
			++*rank;
	return rs;
}

static const size_t full_sizes[] = { 8, 32, 128, 400 }, quick_sizes[] = { 8, 128 };
static const char *const profiles[][2] = {
	{ "docker", "docker-default.json" }, { "podman", "podman-default.json" },
};
#define QUICK_PROFILES	1	/* --quick: Docker's profile only */

/*
 * A cached call never runs the filter, so its cost cannot depend on the
 * layout: the length suite shows that for any length, the two real
 * profiles show it per layout. Synthetic sets are timed uncached only,
 * which keeps the suite's configurations few enough for enough rounds.
 */
static void build_synthetic(struct suite *s, uint32_t nr)
{
	const bool quick = s->run->opt.quick;
	const size_t *ns = quick ? quick_sizes : full_sizes;
	size_t nn = quick ? ARRAY_LEN(quick_sizes) : ARRAY_LEN(full_sizes), i;
	int pos;

	for (i = 0; i < nn; i++) {
		for (pos = POS_FRONT; pos <= POS_END; pos++) {
			struct sct_ruleset *rs;
			char set[32];
			size_t rank;

			rs = synthetic_set(ns[i], pos, nr, &rank);
			if (!rs || make_uncached(rs, nr)) {
				sct_ruleset_free(rs);
				continue;
			}
			snprintf(set, sizeof(set), "syn%zu", ns[i]);
			add_layout_set(s, set, ns[i], rs, pos, false, rank);
			sct_ruleset_free(rs);
		}
	}
}

/* The profiles: every position uncached, the last one cached too. */
static void build_profiles(struct suite *s, uint32_t nr)
{
	size_t p, np = s->run->opt.quick ? QUICK_PROFILES : ARRAY_LEN(profiles);
	int pos, cached;

	for (p = 0; p < np; p++) {
		for (pos = POS_FRONT; pos <= POS_END; pos++) {
			for (cached = 0; cached <= 1; cached++) {
				struct sct_ruleset *rs;
				size_t rank;

				if (cached && pos != POS_END)
					continue;
				rs = profile_set(s, profiles[p][1], pos, cached, nr, &rank);
				if (!rs)
					continue;
				add_layout_set(s, profiles[p][0], rs->n, rs, pos, cached, rank);
				sct_ruleset_free(rs);
			}
		}
	}
}

static void layouts_build(struct suite *s)
{
	build_synthetic(s, (uint32_t)s->nr);
	build_profiles(s, (uint32_t)s->nr);
}

/* Compact view: uncached Δns (executed instructions) per layout. */
static void print_by_layout(const struct suite *s)
{
	size_t i;
	int l;

	printf("\n  uncached Δns (executed insns) by layout\n  %-20s", "set/position");
	for (l = 0; l < SCT_LAYOUT_COUNT; l++)
		printf(" %16s", sct_layout_name(l));
	printf("\n");
	for (i = 1; i < s->n; i += SCT_LAYOUT_COUNT) {
		char row[64];

		if (strcmp(s->c[i].group, "uncached"))
			continue;
		snprintf(row, sizeof(row), "%s", s->c[i].name);
		*strrchr(row, '/') = '\0';
		*strrchr(row, '/') = '\0';
		printf("  %-20s", row);
		for (l = 0; l < SCT_LAYOUT_COUNT && i + l < s->n; l++) {
			const struct cfg *c = &s->c[i + l];
			char cell[32];

			if (c->broken || !c->delta.n)
				snprintf(cell, sizeof(cell), "-");
			else
				snprintf(cell, sizeof(cell), "%.1f (%zu)",
					 sct_pseudomedian(c->delta.v, c->delta.n), c->executed);
			printf(" %16s", cell);
		}
		printf("\n");
	}
}

static void layouts_report(struct suite *s)
{
	const struct bench_run *r = s->run;
	struct group_fit g[2];
	size_t i;
	int cached;

	print_header(s, "rule-set layouts (lib/layout.h): ns per call beside the simulator's "
		     "executed instructions");
	print_cfg_table(s);
	for (cached = 0; cached <= 1; cached++) {
		const char *group = cached ? "cached" : "uncached";

		fit_group(s, group, &g[cached]);
		print_fit(group, "insn", &g[cached]);
		record_fit(s, group, &g[cached]);
	}
	if (r->length_fit.have && g[0].ok)
		printf("  per-instruction cost: layouts %.4f ns [%.4f, %.4f] against the length suite's "
		       "JEQ chain %.4f ns (ratio %.2f): %s\n", g[0].ts.b, g[0].ts.b_lo, g[0].ts.b_hi,
		       r->length_fit.b, g[0].ts.b / r->length_fit.b,
		       r->length_fit.b >= g[0].ts.b_lo && r->length_fit.b <= g[0].ts.b_hi ?
		       "consistent" : "not the same cost: layout paths mix loads and taken jumps "
		       "into the not-taken compares the chain measures");
	print_by_layout(s);
	for (i = 1; i < s->n; i++) {
		struct cfg *c = &s->c[i];

		if (r->length_fit.have && !c->broken && !c->cacheable)
			json_object_object_add(c->params, "predicted_delta_ns",
					       sct_json_num(r->length_fit.a + r->length_fit.b * c->executed));
	}
}

const struct suite_def suite_layouts_def = {
	.name = "layouts",
	.x_name = "instructions",
	.budget_share = 2.0,	/* the most configurations by far */
	.build = layouts_build,
	.report = layouts_report,
};
