// SPDX-License-Identifier: GPL-2.0-only
/*
 * uprobe_test - the syscalls uprobes make on a probed task's behalf pass
 * every seccomp filter. A uretprobe returns through a trampoline that makes
 * uretprobe(2) (x86_64, Linux 6.11); an optimized uprobe calls a trampoline
 * that makes uprobe(2) (x86_64, Linux 6.18). The task never asked for
 * either, so no filter may stop them: seccomp_uprobe_exception makes
 * seccomp_is_const_allow say ALLOW for both numbers of the native arch, so
 * seccomp_cache_prepare_bitmap marks them allowed for every filter and
 * seccomp_run_filters (seccomp_cache_check_allow) returns ALLOW before any
 * filter runs - even a filter that kills them by name.
 *
 * One table: what is attached (nothing, a uprobe on an optimizable nop, a
 * uretprobe on a C function) × the filter (ALLOW; kill all but exit_group;
 * kill the two probe syscalls by name; kill all but them and exit_group).
 * A child pinned to one CPU attaches the probe (perf's uprobe PMU, an event
 * of that CPU: lib/uprobe.c says why), installs the
 * filter, calls the probed function twice and exits: it must exit 0, the
 * probe must have fired exactly as often as the function ran (counted in a
 * mapped ring buffer, no syscall), and a uretprobe must keep the return
 * value. Without a probe the functions make no syscall at all, so even the
 * kill-all filter lets the child reach exit_group.
 *
 * Kernel: kernel/seccomp.c (seccomp_uprobe_exception, seccomp_is_const_allow,
 * seccomp_cache_prepare_bitmap), arch/x86/kernel/uprobes.c (sys_uretprobe,
 * sys_uprobe, arch_uprobe_optimize), kernel/events/uprobes.c (handle_swbp:
 * a uprobe is optimized after its first hit).
 */
#include "suite.h"
#include "uprobe.h"

#define URETPROBE_FIX "cf6cb56ef244 (seccomp: passthrough uretprobe systemcall " \
	"without filtering, Linux 6.14)"
#define UPROBE_FIX "89d1d8434d24 (seccomp: passthrough uprobe systemcall " \
	"without filtering, Linux 6.18)"

enum attach { ATTACH_NONE, ATTACH_UPROBE, ATTACH_URETPROBE };

enum shape {
	SHAPE_ALLOW,			/* one RET ALLOW */
	SHAPE_KILL_ALL_BUT_EXIT,	/* exit_group allowed, everything else killed */
	SHAPE_KILL_PROBE_CALLS,		/* uretprobe and uprobe killed by number */
	SHAPE_KILL_ALL_BUT_PROBE_CALLS,	/* uretprobe, uprobe, exit_group allowed */
};

FIXTURE(uprobe) {};
FIXTURE_VARIANT(uprobe) {
	enum attach attach;
	enum shape shape;
};
FIXTURE_VARIANT_ADD(uprobe, not_attached_default_allow) {
	.attach = ATTACH_NONE, .shape = SHAPE_ALLOW };
FIXTURE_VARIANT_ADD(uprobe, uprobe_attached_default_allow) {
	.attach = ATTACH_UPROBE, .shape = SHAPE_ALLOW };
FIXTURE_VARIANT_ADD(uprobe, uretprobe_attached_default_allow) {
	.attach = ATTACH_URETPROBE, .shape = SHAPE_ALLOW };
FIXTURE_VARIANT_ADD(uprobe, not_attached_default_block) {
	.attach = ATTACH_NONE, .shape = SHAPE_KILL_ALL_BUT_EXIT };
FIXTURE_VARIANT_ADD(uprobe, uprobe_attached_default_block) {
	.attach = ATTACH_UPROBE, .shape = SHAPE_KILL_ALL_BUT_EXIT };
FIXTURE_VARIANT_ADD(uprobe, uretprobe_attached_default_block) {
	.attach = ATTACH_URETPROBE, .shape = SHAPE_KILL_ALL_BUT_EXIT };
FIXTURE_VARIANT_ADD(uprobe, not_attached_block_syscall) {
	.attach = ATTACH_NONE, .shape = SHAPE_KILL_PROBE_CALLS };
FIXTURE_VARIANT_ADD(uprobe, uprobe_attached_block_syscall) {
	.attach = ATTACH_UPROBE, .shape = SHAPE_KILL_PROBE_CALLS };
FIXTURE_VARIANT_ADD(uprobe, uretprobe_attached_block_syscall) {
	.attach = ATTACH_URETPROBE, .shape = SHAPE_KILL_PROBE_CALLS };
FIXTURE_VARIANT_ADD(uprobe, not_attached_default_block_with_syscall) {
	.attach = ATTACH_NONE, .shape = SHAPE_KILL_ALL_BUT_PROBE_CALLS };
FIXTURE_VARIANT_ADD(uprobe, uprobe_attached_default_block_with_syscall) {
	.attach = ATTACH_UPROBE, .shape = SHAPE_KILL_ALL_BUT_PROBE_CALLS };
FIXTURE_VARIANT_ADD(uprobe, uretprobe_attached_default_block_with_syscall) {
	.attach = ATTACH_URETPROBE, .shape = SHAPE_KILL_ALL_BUT_PROBE_CALLS };
FIXTURE_SETUP(uprobe) {}
FIXTURE_TEARDOWN(uprobe) {}

/* How often the probed function runs under the filter. */
#define CALLS 2

/* The uretprobe's function: its return value must survive the trampoline
 * (sys_uretprobe hands the saved rax back). Called through a volatile
 * pointer, so the compiler can neither inline nor clone it. */
static __attribute__((noinline)) long probed_return(long x)
{
	asm volatile("" : "+r"(x));
	return 3 * x + 1;
}
static long (*volatile probed_return_fn)(long) = probed_return;

static void call_uprobe_site(void)
{
	void (*volatile site)(void) = sct_arch_native()->uprobe_site;

	if (site)
		site();
}

/* The arch's probe syscalls that exist here (0 marks none). */
static int probe_nrs(long nrs[2])
{
	const struct sct_arch *a = sct_arch_native();
	int n = 0;

	if (a->nr_uretprobe)
		nrs[n++] = a->nr_uretprobe;
	if (a->nr_uprobe)
		nrs[n++] = a->nr_uprobe;
	return n;
}

static struct sct_filter *shape_filter(enum shape shape)
{
	struct sct_filter *f;
	sct_label allow, kill;
	long nrs[2];
	int n = probe_nrs(nrs);

	if (shape == SHAPE_ALLOW)
		return sct_filter_ret(SECCOMP_RET_ALLOW);
	f = sct_filter_new();
	allow = sct_label_new(f);
	kill = sct_label_new(f);
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	if (shape == SHAPE_KILL_ALL_BUT_EXIT) {
		sct_jeq(f, __NR_exit_group, allow, kill);
	} else if (shape == SHAPE_KILL_PROBE_CALLS) {
		for (int i = 0; i < n; i++)
			sct_jeq(f, (uint32_t)nrs[i], kill, SCT_NEXT);
		sct_ja(f, allow);
	} else {
		for (int i = 0; i < n; i++)
			sct_jeq(f, (uint32_t)nrs[i], allow, SCT_NEXT);
		sct_jeq(f, __NR_exit_group, allow, kill);
	}
	sct_label_here(f, allow);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, kill);
	sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	return f;
}

enum { STAGE_ATTACHED = 1, STAGE_FILTERED, STAGE_DONE };
struct uprobe_report {
	long first_hits;	/* probe hits after the first call */
	long site_byte;		/* the probed site's first byte then */
	long hits;		/* hits after the CALLS calls */
	long ret[CALLS];	/* what each probed call returned */
};

/*
 * The child: attach (on its CPU), hit an optimizable uprobe once so the
 * kernel rewrites its nop into the trampoline call, install the filter,
 * call the probed function CALLS times, count, exit_group. After the filter
 * nothing but the probed code and shared-memory stores runs.
 */
static int probed_child(struct sct_report *rep, void *arg)
{
	struct uprobe_report *res = SCT_REPORT(rep, struct uprobe_report);
	const FIXTURE_VARIANT(uprobe) *v = arg;
	struct sct_uprobe probe = { .fd = -1 };
	struct sct_filter *f;
	const char *what;
	long r;
	int err;

	if (v->attach != ATTACH_NONE) {
		const void *fn = v->attach == ATTACH_UPROBE ?
			(const void *)sct_arch_native()->uprobe_site : (const void *)probed_return;

		err = sct_uprobe_attach(&probe, fn, v->attach == ATTACH_URETPROBE, &what);
		if (err) {
			errno = -err;
			return sct_report_broken(rep, what);
		}
	}
	rep->stage = STAGE_ATTACHED;
	if (v->attach == ATTACH_UPROBE) {
		call_uprobe_site();	/* int3; handle_swbp then optimizes */
		res->first_hits = sct_uprobe_hits(&probe);
		res->site_byte = *(volatile const uint8_t *)sct_arch_native()->uprobe_site;
	}
	f = shape_filter(v->shape);
	r = sct_install_filter(f, 0);
	sct_filter_free(f);
	if (r) {
		errno = (int)-r;
		return sct_report_broken(rep, "install the filter");
	}
	rep->stage = STAGE_FILTERED;
	for (int i = 0; i < CALLS; i++) {
		if (v->attach != ATTACH_URETPROBE)
			call_uprobe_site();
		if (v->attach != ATTACH_UPROBE)
			res->ret[i] = probed_return_fn(i + 10);
	}
	if (v->attach != ATTACH_NONE)
		res->hits = sct_uprobe_hits(&probe);
	rep->stage = STAGE_DONE;
	return 0;
}

/* The child's end as what the probe syscalls met: RAN 0 when it got to
 * exit_group, PROCESS_KILLED when a filter (or the kernel) killed it. */
static struct sct_observation as_observation(const struct sct_outcome *out)
{
	struct sct_observation obs = { .seen = SCT_SEEN_RAN };

	if (out->rep.broken[0]) {
		obs.seen = SCT_SEEN_BROKEN;
		snprintf(obs.broken, sizeof(obs.broken), "%s: %s", out->rep.broken,
			 strerrorname_np(out->rep.broken_errno) ?: "?");
	} else if (out->end == SCT_END_SIGNALED) {
		obs.seen = SCT_SEEN_PROCESS_KILLED;
		obs.sig = out->sig;
	} else if (out->end == SCT_END_TIMED_OUT) {
		obs.seen = SCT_SEEN_TIMED_OUT;
	} else {
		obs.ret = out->code ? out->code : out->rep.stage == STAGE_DONE ? 0 : -out->rep.stage;
	}
	return obs;
}

static bool perfmon_capable(void)
{
	/* perf_uprobe_event_init: perfmon_capable() */
	return sct_have_cap(CAP_PERFMON) || sct_have_cap(CAP_SYS_ADMIN);
}

TEST_F(uprobe, probed_code_runs_and_process_exits)
{
	const struct sct_arch *a = sct_arch_native();
	const char *guards = variant->attach == ATTACH_UPROBE ? UPROBE_FIX :
			     variant->attach == ATTACH_URETPROBE ? URETPROBE_FIX : NULL;
	struct sct_observation obs;
	struct sct_outcome out;
	const struct uprobe_report *res = SCT_REPORT(&out.rep, struct uprobe_report);

	SCT_REQUIRE(SCT_F_RET_KILL_PROCESS);
	if (variant->attach != ATTACH_NONE) {
		SCT_REQUIRE(SCT_F_UPROBE_PMU);
		SCT_REQUIRE(variant->attach == ATTACH_UPROBE ? SCT_F_UPROBE_SYSCALL
							     : SCT_F_URETPROBE_SYSCALL);
		if (!perfmon_capable())
			SKIP(return, "needs CAP_PERFMON or CAP_SYS_ADMIN (perf_uprobe_event_init)");
	}
	/* a kernel with uprobe(2) has an optimizable site (x86_64 only) */
	ASSERT_TRUE(variant->attach != ATTACH_UPROBE || a->uprobe_site) {
		TH_LOG("%s has uprobe(2) but arch/%s.c names no uprobe site", a->name, a->name);
	}
	ASSERT_EQ(0, sct_run_child(probed_child, (void *)variant, 0, &out));
	obs = as_observation(&out);
	ASSERT_SEEN_GUARDING(obs, SCT_SEEN_RAN, 0, guards);

	if (variant->attach == ATTACH_UPROBE) {
		ASSERT_EQ(1, res->first_hits) TH_LOG("hits of the first call");
		/* arch_uprobe_optimize rewrote the nop: the later calls enter
		 * the trampoline, whose syscall is uprobe(2) */
		ASSERT_EQ(a->uprobe_site_optimized, res->site_byte) {
			TH_LOG("the uprobe was not optimized: its site starts with 0x%02lx, not "
			       "0x%02x, so uprobe(2) was never made", res->site_byte,
			       a->uprobe_site_optimized);
		}
		ASSERT_EQ(1 + CALLS, res->hits) TH_LOG("uprobe hits");
	}
	if (variant->attach == ATTACH_URETPROBE)
		ASSERT_EQ(CALLS, res->hits) TH_LOG("uretprobe hits");
	for (int i = 0; variant->attach != ATTACH_UPROBE && i < CALLS; i++) {
		long want = 3 * (i + 10) + 1, got = res->ret[i];

		ASSERT_EQ(want, got) TH_LOG("probed_return(%d) returned %ld", i + 10, got);
	}
}

SCT_SUITE_MAIN("The uprobe and uretprobe syscalls pass every seccomp filter, even one that "
	       "kills them by number; unprobed code makes no syscall.")
