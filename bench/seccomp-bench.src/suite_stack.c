// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench suite "stack": ns per call against 1 ... 32 stacked
 * two-instruction filters, cacheable and not; fit of the per-filter cost.
 */
#include <string.h>

#include "bench.h"

static const unsigned int stack_counts[] = { 1, 2, 4, 8, 16, 32 };

static void stack_build(struct suite *s)
{
	size_t i, k;
	int cacheable;

	for (cacheable = 1; cacheable >= 0; cacheable--) {
		const char *group = cacheable ? "cached" : "uncached";

		for (i = 0; i < ARRAY_LEN(stack_counts); i++) {
			char name[64];
			struct cfg *c;

			if (s->run->opt.quick && (stack_counts[i] == 2 || stack_counts[i] == 8))
				continue;
			snprintf(name, sizeof(name), "%s/%u", group, stack_counts[i]);
			c = suite_add(s, group, name, stack_counts[i]);
			for (k = 0; k < stack_counts[i]; k++)
				if (cfg_push(c, two_insn_filter(cacheable)))
					c->broken = true;
		}
	}
}

static void stack_report(struct suite *s)
{
	int cacheable;

	print_header(s, "ns per call against stacked filters ({LD nr | LD args[0]; RET ALLOW} each)");
	print_cfg_table(s);
	for (cacheable = 1; cacheable >= 0; cacheable--) {
		struct group_fit g;
		const char *group = cacheable ? "cached" : "uncached";

		fit_group(s, group, &g);
		print_fit(group, "filter", &g);
		record_fit(s, group, &g);
	}
}

const struct suite_def suite_stack_def = {
	.name = "stack",
	.x_name = "filters",
	.budget_share = 0.7,	/* 12 configurations of short filters */
	.build = stack_build,
	.report = stack_report,
};
