// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench suite "length": ns per call against the instructions the
 * measured syscall executes, cacheable, uncacheable and denied, with a fit
 * per form. Its uncached fit is kept in the run for the layouts suite.
 */
#include <string.h>

#include "bench.h"

#define MAX_INSNS	4096	/* BPF_MAXINSNS */

static const unsigned int full_lengths[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };
static const unsigned int quick_lengths[] = { 1, 2, 16, 256, 1024, 4096 };

static void length_build(struct suite *s)
{
	const struct bench_opts *opt = &s->run->opt;
	const unsigned int *xs = opt->quick ? quick_lengths : full_lengths;
	size_t nx = opt->quick ? ARRAY_LEN(quick_lengths) : ARRAY_LEN(full_lengths), i;
	int form;

	for (form = FORM_CACHED; form <= FORM_DENIED; form++) {
		for (i = 0; i < nx; i++) {
			unsigned int n = xs[i];
			char name[64];
			struct cfg *c;

			if (form == FORM_UNCACHED && n < 2)
				continue;
			if (form == FORM_DENIED) {
				if (n < 2 || (n == 2 && opt->quick))
					continue;
				if (n == 2)
					n = 3;		/* the shortest denying path */
				if (n > MAX_INSNS - 1)
					n = MAX_INSNS - 1;	/* static length is n + 1 */
			}
			snprintf(name, sizeof(name), "%s/%u", form_names[form], n);
			c = suite_add(s, form_names[form], name, n);
			c->denied = form == FORM_DENIED;
			if (cfg_push(c, chain_filter(form, n, s->nr)))
				c->broken = true;
		}
	}
}

static void length_report(struct suite *s)
{
	const struct bench_opts *opt = &s->run->opt;
	size_t i;
	int form;

	print_header(s, "ns per call against instructions executed on the measured path");
	print_cfg_table(s);
	for (form = FORM_CACHED; form <= FORM_DENIED; form++) {
		struct group_fit g;

		fit_group(s, form_names[form], &g);
		print_fit(form_names[form], "insn", &g);
		if (form == FORM_UNCACHED && g.ok) {
			s->run->length_fit.have = true;
			s->run->length_fit.a = g.ts.a;
			s->run->length_fit.b = g.ts.b;
		}
		record_fit(s, form_names[form], &g);
		if (form == FORM_UNCACHED && g.ok && g.ts.b_hi - g.ts.b_lo > 2 * opt->target_ns)
			warn(s, "length: per-instruction cost interval wider than ±%g ns", opt->target_ns);
	}
	for (i = 1; i < s->n; i++)
		if (s->c[i].x != (double)s->c[i].executed && !s->c[i].broken)
			warn(s, "length/%s: the simulator counts %zu executed instructions, not %g "
			     "(a bug in this program)", s->c[i].name, s->c[i].executed, s->c[i].x);
}

const struct suite_def suite_length_def = {
	.name = "length",
	.x_name = "instructions",
	.budget_share = 1.1,	/* the most configurations but layouts */
	.build = length_build,
	.report = length_report,
};
