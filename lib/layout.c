// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout.c - the layouts built with lib/filter.h, put together (see
 * layout.h): the arch dispatch, then per arch block `ld nr`, the block's
 * ENOSYS stub and its tree (lib/layout_tree.c). Also runc's stub as runc
 * puts it in front of libseccomp's program, the weights and the counts.
 *
 * The program (blocks in filter order: rs, then rs->sub[]):
 *	ld arch
 *	jeq arch_0 -> B_0; ... jeq arch_n -> B_n
 *	ret bad_arch_action
 *   B_i:
 *	ld nr
 *	the stub (stub.on): JSET/JGT/RET only, so the block stays cacheable
 *	the tree over the numbers the stub lets through
 * A single-arch rule set without a stub is the program it always was:
 * ld arch; jeq arch (else ret bad); ld nr; tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>

#include "layout.h"
#include "layout_tree.h"

static const char *const layout_names[SCT_LAYOUT_COUNT] = {
	[SCT_LAYOUT_LINEAR] = "linear",
	[SCT_LAYOUT_LINEAR_WEIGHT] = "linear-weight",
	[SCT_LAYOUT_LIBSECCOMP_1] = "libseccomp-1",
	[SCT_LAYOUT_LIBSECCOMP_2] = "libseccomp-2",
	[SCT_LAYOUT_BST] = "bst",
	[SCT_LAYOUT_RANGE_TREE] = "range-tree",
	[SCT_LAYOUT_HYBRID] = "hybrid",
	[SCT_LAYOUT_OPTIMAL] = "weighted-optimal",
};

const char *sct_layout_name(enum sct_layout l)
{
	return l < SCT_LAYOUT_COUNT ? layout_names[l] : "?";
}

int sct_layout_from_name(const char *name)
{
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
		if (!strcmp(name, layout_names[l]))
			return l;
	return -1;
}

const struct sct_ruleset *sct_layout_block(const struct sct_ruleset *rs, size_t i)
{
	if (i == 0)
		return rs;
	return i <= rs->nsub ? rs->sub[i - 1] : NULL;
}

/* ---- the stubs ----------------------------------------------------------- */

/* Does block a's stub answer anything? (x32 half: x86_64 only) */
static bool stub_half(const struct sct_ruleset *a, bool x32)
{
	if (!a->stub.on)
		return false;
	if (x32)
		return a->x32_bit && a->stub.last_x32 != SCT_STUB_NONE;
	return a->stub.last != SCT_STUB_NONE &&
	       (!a->x32_bit || a->stub.last < (0xffffffffU & ~a->x32_bit));
}

/*
 * Block a's stub, after `ld nr`, in the semantics of sct_ruleset_stub_enosys:
 *	jset x32_bit -> X			(x86_64 only)
 *	jgt last -> E, T
 *   X: jgt last_x32 -> E, T
 *   E: ret ERRNO(ENOSYS)
 *   T: (the tree)
 * A half without a stub jumps straight to T; an x32 half whose last is
 * below the bit answers ENOSYS without a test.
 */
static void emit_stub(struct sct_filter *f, const struct sct_ruleset *a)
{
	bool lo = stub_half(a, false), hi = stub_half(a, true);
	sct_label e = sct_label_new(f), t = sct_label_new(f), x = sct_label_new(f);
	bool x_now = hi && a->stub.last_x32 < a->x32_bit;

	if (!lo && !hi)
		return;
	if (a->x32_bit)
		sct_jset(f, a->x32_bit, hi ? (x_now ? e : x) : t, lo ? SCT_NEXT : t);
	if (lo)
		sct_jgt(f, a->stub.last, e, t);
	if (hi && !x_now) {
		sct_label_here(f, x);
		sct_jgt(f, a->stub.last_x32, e, t);
	}
	sct_label_here(f, e);
	sct_ret(f, SCT_STUB_ACTION);
	sct_label_here(f, t);
}

/*
 * runc's stub (libcontainer/seccomp/patchbpf, generateEnosysStub), to put in
 * front of libseccomp's program: its jumps to the filter land on the
 * instruction after the stub, so the exported program's relative jumps
 * stay as they are.
 *	ld arch
 *	jeq arch_i -> S_i		(blocks with a stub, in filter order)
 *	ja filter
 *   S_i: ld nr
 *	[jset bit, 1]			(x86_64: the half's test)
 *	jgt last -> E [, 1]
 *	[jgt last_x32 -> E]
 *	ja filter
 *	ja filter			(runc's fall-through into the filter)
 *   E: ret ERRNO(ENOSYS)
 * runc's long-jump forms are not needed: our builder adds trampolines.
 */
static void emit_runc_stub(struct sct_filter *f, const struct sct_ruleset *rs, sct_label filter)
{
	sct_label sec[1 + SCT_MAX_SUBARCHES], e = sct_label_new(f);
	size_t nb = 1 + rs->nsub;

	sct_ld_arch(f);
	for (size_t i = 0; i < nb; i++) {
		const struct sct_ruleset *a = sct_layout_block(rs, i);

		sec[i] = 0;
		if (stub_half(a, false) || stub_half(a, true)) {
			sec[i] = sct_label_new(f);
			sct_jeq(f, a->audit_arch, sec[i], SCT_NEXT);
		}
	}
	sct_ja(f, filter);
	for (size_t i = 0; i < nb; i++) {
		const struct sct_ruleset *a = sct_layout_block(rs, i);
		bool lo = stub_half(a, false), hi = stub_half(a, true);
		sct_label ja = sct_label_new(f), x = sct_label_new(f);

		if (!sec[i])
			continue;
		sct_label_here(f, sec[i]);
		sct_ld_nr(f);
		if (lo && hi)
			sct_jset(f, a->x32_bit, x, SCT_NEXT);
		else if (a->x32_bit)
			sct_jset(f, a->x32_bit, lo ? ja : SCT_NEXT, lo ? SCT_NEXT : ja);
		if (lo)
			sct_jgt(f, a->stub.last, e, hi ? ja : SCT_NEXT);
		if (hi) {
			sct_label_here(f, x);
			sct_jgt(f, a->stub.last_x32, e, SCT_NEXT);
		}
		sct_label_here(f, ja);
		sct_ja(f, filter);
	}
	sct_ja(f, filter);
	sct_label_here(f, e);
	sct_ret(f, SCT_STUB_ACTION);
}

int sct_layout_runc_stub(const struct sct_ruleset *rs, struct sock_fprog *out)
{
	struct sct_filter *f;
	struct sock_fprog fp;
	bool any = false;
	sct_label filter;
	int ret;

	out->len = 0;
	out->filter = NULL;
	for (size_t i = 0; i <= rs->nsub; i++) {
		const struct sct_ruleset *a = sct_layout_block(rs, i);

		any |= stub_half(a, false) || stub_half(a, true);
	}
	if (!any)
		return 0;
	f = sct_filter_new();
	if (!f)
		return -ENOMEM;
	filter = sct_label_new(f);
	emit_runc_stub(f, rs, filter);
	/* a stand-in for the filter's first instruction, dropped below */
	sct_label_here(f, filter);
	sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	ret = sct_filter_build(f, &fp);
	if (!ret) {
		out->len = (unsigned short)(fp.len - 1);
		out->filter = malloc(out->len * sizeof(*fp.filter));
		if (out->filter)
			memcpy(out->filter, fp.filter, out->len * sizeof(*fp.filter));
		else
			ret = -ENOMEM;
	}
	sct_filter_free(f);
	return ret;
}

/* ---- putting it together ------------------------------------------------- */

int sct_layout_emit(enum sct_layout l, const struct sct_ruleset *rs, struct sct_filter *f)
{
	sct_label blk[1 + SCT_MAX_SUBARCHES];
	size_t nb = 1 + rs->nsub;
	int ret = 0;

	if (l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2 || l >= SCT_LAYOUT_COUNT)
		return -EOPNOTSUPP;
	sct_ld_arch(f);
	for (size_t i = 0; i < nb; i++) {
		blk[i] = sct_label_new(f);
		sct_jeq(f, sct_layout_block(rs, i)->audit_arch, blk[i], SCT_NEXT);
	}
	sct_ret(f, rs->bad_arch_action);
	for (size_t i = 0; i < nb && !ret; i++) {
		const struct sct_ruleset *a = sct_layout_block(rs, i);
		struct lt_block b;

		ret = lt_block_init(&b, rs, a);
		if (ret)
			break;
		sct_label_here(f, blk[i]);
		sct_ld_nr(f);
		emit_stub(f, a);
		ret = lt_emit_tree(l, &b, f);
		lt_block_free(&b);
	}
	return ret;
}

int sct_layout_build(enum sct_layout l, const struct sct_ruleset *rs,
		     struct sock_fprog *out, char *why, size_t whylen)
{
	struct sct_filter *f;
	struct sock_fprog fp;
	int ret;

	if (l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2)
		return sct_layout_libseccomp(rs, l == SCT_LAYOUT_LIBSECCOMP_1 ? 1 : 2,
					     out, why, whylen);
	f = sct_filter_new();
	if (!f)
		return -ENOMEM;
	ret = sct_layout_emit(l, rs, f);
	if (!ret)
		ret = sct_filter_build(f, &fp);
	if (ret) {
		if (why && whylen)
			snprintf(why, whylen, "%s: %s", sct_layout_name(l),
				 sct_filter_error(f)[0] ? sct_filter_error(f) : strerror(-ret));
	} else {
		out->len = fp.len;
		out->filter = malloc(fp.len * sizeof(*fp.filter));
		if (out->filter)
			memcpy(out->filter, fp.filter, fp.len * sizeof(*fp.filter));
		else
			ret = -ENOMEM;
	}
	sct_filter_free(f);
	return ret;
}

size_t sct_layout_block_ranges(const struct sct_ruleset *rs, size_t i)
{
	const struct sct_ruleset *a = sct_layout_block(rs, i);
	struct lt_block b;
	size_t n;

	if (!a || lt_block_init(&b, rs, a))
		return 0;
	n = lt_block_ranges(&b);
	lt_block_free(&b);
	return n;
}

size_t sct_layout_ranges(const struct sct_ruleset *rs)
{
	return sct_layout_block_ranges(rs, 0);
}

double sct_layout_expected_insns(const struct sct_sim *sim, const struct sct_ruleset *rs)
{
	static const uint64_t zero[6];
	double sum = 0, total = 0;

	for (size_t b = 0; b <= rs->nsub; b++) {
		const struct sct_ruleset *a = sct_layout_block(rs, b);

		for (size_t i = 0; i < a->n; i++) {
			size_t executed = 0;

			if (a->sys[i].weight <= 0)
				continue;
			sct_sim_eval(sim, a->audit_arch, a->sys[i].nr, zero, &executed);
			sum += a->sys[i].weight * (double)executed;
			total += a->sys[i].weight;
		}
	}
	return total > 0 ? sum / total : 0;
}

