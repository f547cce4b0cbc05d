// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout-report - one policy, eight layouts, measured in the simulator.
 *
 *   layout-report --profile docker|podman|FILE.json [--mix FILE]
 *                 [--disasm LAYOUT] [--list-cacheable]
 *
 * Per layout: static length and JA count; instructions executed (args 0)
 * min/mean/max over the syscall numbers [0, nr_bound) the policy allows and
 * over those it denies; the expected number executed per call under the
 * syscall mix; how many numbers the kernel's constant-action cache would
 * hold (and which, with --list-cacheable). --disasm prints one layout with
 * per-instruction hit counts under the mix.
 *
 * The mix: --mix FILE (lib/mix.h format); `--mix builtin` is the synthetic
 * mix of lib/layout.c; the default is the committed measured mix
 * (data/syscall-mix/build-lib.mix).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>

#include "arch.h"
#include "cli.h"
#include "disasm.h"
#include "layout.h"
#include "mix.h"
#include "profile.h"
#include "ruleset.h"
#include "sim.h"

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s --profile docker|podman|FILE.json [--mix FILE] [--disasm LAYOUT]\n"
		"          [--list-cacheable]\n\n"
		"Builds the profile's rule set in every layout of lib/layout.h and reports,\n"
		"from the simulator: static length and JA count, instructions executed\n"
		"(min/mean/max) for allowed and denied syscall numbers, the expected count\n"
		"per call under the syscall mix, and the syscalls the kernel's constant-action\n"
		"cache would hold.\n\n"
		"  --profile P       docker, podman (profiles/ of this tree) or a JSON file\n"
		"  --mix FILE        a syscall mix (lib/mix.h format), or `builtin` for the\n"
		"                    synthetic one (default: " SCT_MIX_BUILD_LIB ")\n"
		"  --disasm LAYOUT   print that layout with per-instruction hits under the mix\n"
		"  --list-cacheable  list the cacheable syscalls of each layout\n\n"
		"Layouts:", prog);
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
		fprintf(out, " %s", sct_layout_name((enum sct_layout)l));
	fprintf(out, "\nExit status: 0 done, 1 a layout failed to build, 2 usage or input error.\n");
}

/* Weights from `spec`: "builtin", a mix file, or NULL for the committed
 * mix (the built-in one when the tree has none). Names it in *used. */
static int apply_mix(struct sct_ruleset *rs, const char *spec, char *used, size_t usedlen,
		     char *err, size_t errlen)
{
	struct sct_mix_applied st;
	struct sct_mix *m;
	char path[512];
	int ret;

	if (spec && !strcmp(spec, "builtin")) {
		snprintf(used, usedlen, "built-in synthetic");
		return sct_mix_synthetic(rs);
	}
	if (!spec) {
		if (SCT_TREE_FIND(SCT_MIX_BUILD_LIB, path)) {
			snprintf(used, usedlen, "built-in synthetic (%s not found)", SCT_MIX_BUILD_LIB);
			return sct_mix_synthetic(rs);
		}
		spec = path;
	}
	ret = sct_mix_load(spec, &m, err, errlen);
	if (ret)
		return ret;
	ret = sct_mix_weigh(rs, m, &st);
	snprintf(used, usedlen, "%s (%llu calls, %zu names matched, %.1f%% of calls)", spec,
		 (unsigned long long)m->total, st.matched, 100 * st.share);
	sct_mix_free(m);
	return ret;
}

struct stat3 {
	size_t min, max, n;
	double sum;
};

static void stat_add(struct stat3 *s, size_t v)
{
	if (!s->n || v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	s->sum += (double)v;
	s->n++;
}

static const char *stat_str(const struct stat3 *s, char *buf, size_t len)
{
	if (!s->n)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%zu/%.1f/%zu", s->min, s->sum / (double)s->n, s->max);
	return buf;
}

static const char *sys_name(const struct sct_ruleset *rs, uint32_t nr, char *buf, size_t len)
{
	const struct sct_syscall *s = sct_ruleset_find(rs, nr);
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);

	if (s && s->name[0])
		snprintf(buf, len, "%s", s->name);
	else if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%u", nr);
	free(name);
	return buf;
}

#define HITS_PER 100000	/* --disasm counts per this many calls of the mix */

/* Hits per instruction over HITS_PER calls drawn as the mix says. */
static void disasm_under_mix(const struct sct_ruleset *rs, const struct sct_sim *sim)
{
	unsigned long *hits = calloc(sim->len, sizeof(*hits));
	double total = 0;

	if (!hits)
		return;
	for (size_t i = 0; i < rs->n; i++)
		total += rs->sys[i].weight;
	for (size_t i = 0; i < rs->n && total > 0; i++) {
		struct seccomp_data sd = { .nr = (int)rs->sys[i].nr, .arch = rs->audit_arch };
		struct sct_sim_result res;

		for (long k = lround(HITS_PER * rs->sys[i].weight / total); k > 0; k--)
			sct_sim_run(sim, &sd, &res, hits);
	}
	printf("hits per %d calls of the mix (arguments 0):\n", HITS_PER);
	sct_disasm(stdout, sim->insns, sim->len, hits);
	free(hits);
}

static int report(struct sct_ruleset *rs, int disasm, bool list)
{
	uint32_t bound = (uint32_t)sct_arch_native()->nr_bound;
	bool *cache = calloc(bound, sizeof(*cache));
	int status = 0;

	if (!cache)
		return 2;
	printf("%-16s %5s %3s  %-20s %-15s %9s %9s\n", "layout", "len", "JA",
	       "allowed min/mean/max", "denied", "expected", "cacheable");
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
		struct sock_fprog fp = { 0 };
		struct stat3 allowed = { 0 }, denied = { 0 };
		struct sct_sim sim;
		char why[256], a[48], d[48];
		size_t ja = 0, ncache;

		if (sct_layout_build((enum sct_layout)l, rs, &fp, why, sizeof(why)) ||
		    sct_sim_load(&sim, fp.filter, fp.len, why, sizeof(why))) {
			printf("%-16s failed: %s\n", sct_layout_name((enum sct_layout)l), why);
			free(fp.filter);
			status = 1;
			continue;
		}
		for (size_t pc = 0; pc < fp.len; pc++)
			ja += fp.filter[pc].code == (BPF_JMP | BPF_JA);
		for (uint32_t nr = 0; nr < bound; nr++) {
			struct seccomp_data sd = { .nr = (int)nr, .arch = rs->audit_arch };
			struct sct_sim_result res;

			sct_sim_run(&sim, &sd, &res, NULL);
			stat_add(res.action == SECCOMP_RET_ALLOW ? &allowed : &denied, res.executed);
		}
		ncache = sct_sim_cacheable(&sim, rs->audit_arch, bound, cache);
		printf("%-16s %5u %3zu  %-20s %-15s %9.3f %9zu\n",
		       sct_layout_name((enum sct_layout)l), fp.len, ja,
		       stat_str(&allowed, a, sizeof(a)), stat_str(&denied, d, sizeof(d)),
		       sct_layout_expected_insns(&sim, rs), ncache);
		if (list) {
			printf("  cacheable:");
			for (uint32_t nr = 0; nr < bound; nr++)
				if (cache[nr])
					printf(" %s", sys_name(rs, nr, a, sizeof(a)));
			printf("\n");
		}
		if (l == disasm) {
			printf("\n");
			disasm_under_mix(rs, &sim);
			printf("\n");
		}
		free(fp.filter);
	}
	free(cache);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "mix", required_argument, NULL, 'm' },
		{ "disasm", required_argument, NULL, 'd' },
		{ "list-cacheable", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *profile = NULL, *mix = NULL;
	struct sct_profile_opts popts = { .kernel = "6.18" };
	struct sct_ruleset *rs = NULL;
	char path[512], err[512] = "", used[700], e[SCT_ESC_BUF];
	int disasm = -1, opt, status;
	size_t nrules;
	bool list = false;

	opterr = 0;	/* one line of our own instead of getopt's */
	while ((opt = getopt_long(argc, argv, ":p:m:d:ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': profile = optarg; break;
		case 'm': mix = optarg; break;
		case 'c': list = true; break;
		case 'd':
			disasm = sct_layout_from_name(optarg);
			if (disasm < 0) {
				fprintf(stderr, "%s: unknown layout \"%s\" (see --help)\n", argv[0],
					sct_esc(e, sizeof(e), optarg));
				return 2;
			}
			break;
		case 'h': usage(stdout, argv[0]); return 0;
		case ':':
			fprintf(stderr, "%s: %s needs a value (see --help)\n", argv[0],
				sct_esc(e, sizeof(e), argv[optind - 1]));
			return 2;
		default:
			fprintf(stderr, "%s: unknown option \"%s\" (see --help)\n", argv[0],
				sct_esc(e, sizeof(e), argv[optind - 1]));
			return 2;
		}
	}
	if (!profile || optind != argc) {
		fprintf(stderr, "%s: %s (usage: %s --profile docker|podman|FILE.json [--mix FILE] "
			"...; see --help)\n", argv[0], profile ? "unexpected argument" : "no --profile",
			argv[0]);
		return 2;
	}
	if (!strcmp(profile, "docker") || !strcmp(profile, "podman")) {
		char name[64];

		snprintf(name, sizeof(name), "%s-default.json", profile);
		if (SCT_PROFILE_FIND(name, path)) {
			fprintf(stderr, "%s: %s\n", argv[0], path);
			return 2;
		}
	} else {
		if (snprintf(path, sizeof(path), "%s", profile) >= (int)sizeof(path)) {
			fprintf(stderr, "%s: --profile: path too long\n", argv[0]);
			return 2;
		}
	}
	if (sct_profile_load(path, &popts, &rs, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[0], sct_esc(e, sizeof(e), err));
		return 2;
	}
	nrules = rs->n;
	if (apply_mix(rs, mix, used, sizeof(used), err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[0], err[0] ? sct_esc(e, sizeof(e), err) : "out of memory");
		sct_ruleset_free(rs);
		return 2;
	}
	printf("profile %s: %zu syscalls with rules, R = %zu ranges; mix: %s; "
	       "numbers 0..%d, args 0\n", path, nrules, sct_layout_ranges(rs),
	       used, sct_arch_native()->nr_bound - 1);
	status = report(rs, disasm, list);
	sct_ruleset_free(rs);
	return status;
}
