// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptrace_admin_test - the CAP_SYS_ADMIN ptrace interfaces of seccomp beyond
 * ptrace_test: PTRACE_O_SUSPEND_SECCOMP through PTRACE_SEIZE and from
 * tracers that are traced themselves, and the error answers of
 * PTRACE_SECCOMP_GET_FILTER and GET_METADATA, in the order the kernel
 * checks them.
 *
 * Kernel: kernel/ptrace.c (check_ptrace_options for SEIZE and SETOPTIONS;
 * ptrace_check_attach before any request on a tracee), kernel/seccomp.c
 * (seccomp_get_filter, seccomp_get_metadata, get_nth_filter).
 */
#include <limits.h>

#include "ptrace_tracer.h"

/* ---- PTRACE_O_SUSPEND_SECCOMP ------------------------------------------------------- */

/*
 * check_ptrace_options, for PTRACE_SEIZE as for PTRACE_SETOPTIONS: the
 * option needs CAP_SYS_ADMIN, a tracer with no seccomp mode, and a tracer
 * that is not itself traced with the option (EPERM otherwise). The tracee's
 * own filters do not matter: once set, __secure_computing returns at once.
 */
FIXTURE(suspend) {};
FIXTURE_VARIANT(suspend) {
	bool seize;		/* PTRACE_SEIZE, else TRACEME + SETOPTIONS */
	bool drop_cap;		/* the tracer drops CAP_SYS_ADMIN */
	bool tracer_filtered;	/* the tracer runs under a filter */
	long outer;		/* the tracer is traced itself with these
				 * options; -1: not traced */
	long want;		/* the SEIZE / SETOPTIONS result */
};
FIXTURE_VARIANT_ADD(suspend, seize_filtered_tracee_denied_call_runs) {
	.seize = true, .outer = -1, .want = 0 };
FIXTURE_VARIANT_ADD(suspend, seize_without_cap_sys_admin_eperm) {
	.seize = true, .drop_cap = true, .outer = -1, .want = -EPERM };
FIXTURE_VARIANT_ADD(suspend, seize_from_seccomp_tracer_eperm) {
	.seize = true, .tracer_filtered = true, .outer = -1, .want = -EPERM };
FIXTURE_VARIANT_ADD(suspend, seize_from_suspended_tracer_eperm) {
	.seize = true, .outer = PTRACE_O_SUSPEND_SECCOMP, .want = -EPERM };
FIXTURE_VARIANT_ADD(suspend, setoptions_from_suspended_tracer_eperm) {
	.seize = false, .outer = PTRACE_O_SUSPEND_SECCOMP, .want = -EPERM };
FIXTURE_VARIANT_ADD(suspend, seize_from_traced_tracer_accepted) {
	.seize = true, .outer = 0, .want = 0 };
FIXTURE_SETUP(suspend) {}
FIXTURE_TEARDOWN(suspend) {}

struct ptrace_admin_su_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long outer;
	long middle_go;
	long middle_end;
};

/* The tracee: getppid is EPERM, installed before the tracer attaches. */
static int suspend_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(suspend) *v = arg;
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_ALLOW);
	long r = sct_install_filter(f, 0);

	sct_filter_free(f);
	if (r) {
		errno = (int)-r;
		return sct_report_broken(rep, "tracee: install the filter");
	}
	if (v->seize && await_tracer(rep))
		return sct_report_broken(rep, "tracee: wait for the tracer");
	return call_and_record(rep, __NR_getppid);
}

/* The outer tracer: seize the middle one (which runs tracer_main), let it
 * run to its end, and record how it ended. */
static int outer_main(struct sct_report *rep, void *arg)
{
	struct ptrace_admin_su_report *res = SCT_REPORT(rep, struct ptrace_admin_su_report);
	const struct tracer *t = arg;
	const FIXTURE_VARIANT(suspend) *v = t->arg;
	int status, ret;
	pid_t mid;

	fflush(stdout);
	fflush(stderr);
	mid = fork();
	if (mid < 0)
		return sct_report_broken(rep, "fork the middle tracer");
	if (mid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (!sct_wait_slot(&res->middle_go, WAIT_MS))
			_exit(sct_report_broken(rep, "middle: wait to be seized"));
		_exit(tracer_main(rep, (void *)t));
	}
	res->outer = ptrace(PTRACE_SEIZE, mid, NULL,
				    (void *)(v->outer | PTRACE_O_EXITKILL)) ? -errno : 0;
	res->middle_go = 1;
	for (;;) {
		ret = sct_waitpid_timeout(mid, &status, 2 * WAIT_MS);
		if (ret || !WIFSTOPPED(status))
			break;
		ptrace(PTRACE_CONT, mid, NULL,
		       (void *)(long)(status >> 16 ? 0 : WSTOPSIG(status)));
	}
	if (ret)
		return kill(mid, SIGKILL), sct_report_broken(rep, "the middle tracer hung");
	res->middle_end = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

TEST_F(suspend, option_checked)
{
	struct tracer t = {
		.body = suspend_body, .arg = variant, .seize = variant->seize,
		.options = PTRACE_O_SUSPEND_SECCOMP,
		.drop_sys_admin = variant->drop_cap, .tracer_filtered = variant->tracer_filtered,
	};
	struct sct_outcome out;

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_PTRACE_SUSPEND);
	if (variant->outer < 0) {
		RUN_TRACER(t, out);
	} else {
		ASSERT_EQ(0, sct_run_child(outer_main, &t, 0, &out));
		ASSERT_EXITED(out, 0);
		ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_admin_su_report)->outer) TH_LOG("the outer PTRACE_SEIZE failed");
		ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_admin_su_report)->middle_end) TH_LOG("the middle tracer failed");
	}
	EXPECT_RESULT(variant->want, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt,
		      variant->seize ? "PTRACE_SEIZE" : "PTRACE_SETOPTIONS");
	if (variant->want)
		return;
	/* suspended: the filter's EPERM never happens */
	EXPECT_TRACEE(out, SCT_SEEN_RAN, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->tracer);
}

/* ---- GET_FILTER / GET_METADATA: the error answers ---------------------------------- */

/*
 * In the order they are checked: ptrace_check_attach (ESRCH unless the
 * tracee is in a ptrace stop), then seccomp_get_filter /
 * seccomp_get_metadata: CAP_SYS_ADMIN (EACCES); for GET_METADATA the size
 * (EINVAL below filter_off) and reading filter_off (EFAULT); get_nth_filter:
 * a tracee not in filter mode (EINVAL, strict mode too), an index past the
 * stack (ENOENT); last the copy out (EFAULT). GET_METADATA reads only
 * filter_off: the flags passed in are ignored and overwritten.
 */
enum ask { ASK_FILTER, ASK_METADATA };
enum tracee_kind { FILTERED, FILTERLESS, STRICT };
FIXTURE(inspect) {};
FIXTURE_VARIANT(inspect) {
	enum ask ask;
	enum tracee_kind tracee;
	bool running;		/* ask while the tracee runs (no ptrace stop) */
	bool drop_cap;		/* the tracer drops CAP_SYS_ADMIN */
	unsigned long index;
	unsigned long md_size;	/* GET_METADATA size; 0: the struct's */
	bool bad_buffer;	/* an unmapped buffer address */
	long want;
};
#define INSPECT_ROW(name, ...) FIXTURE_VARIANT_ADD(inspect, name) { __VA_ARGS__ };
INSPECT_ROW(get_filter_running_tracee_esrch,
	    .ask = ASK_FILTER, .tracee = FILTERED, .running = true, .want = -ESRCH)
INSPECT_ROW(get_metadata_running_tracee_esrch,
	    .ask = ASK_METADATA, .tracee = FILTERED, .running = true, .want = -ESRCH)
INSPECT_ROW(get_filter_running_without_cap_esrch_first,
	    .ask = ASK_FILTER, .tracee = FILTERED, .running = true, .drop_cap = true,
	    .want = -ESRCH)
INSPECT_ROW(get_filter_filterless_without_cap_eacces_first,
	    .ask = ASK_FILTER, .tracee = FILTERLESS, .drop_cap = true, .want = -EACCES)
INSPECT_ROW(get_metadata_filterless_without_cap_eacces_first,
	    .ask = ASK_METADATA, .tracee = FILTERLESS, .drop_cap = true, .want = -EACCES)
INSPECT_ROW(get_metadata_filterless_einval,
	    .ask = ASK_METADATA, .tracee = FILTERLESS, .want = -EINVAL)
INSPECT_ROW(get_filter_strict_mode_einval, .ask = ASK_FILTER, .tracee = STRICT, .want = -EINVAL)
INSPECT_ROW(get_metadata_strict_mode_einval,
	    .ask = ASK_METADATA, .tracee = STRICT, .want = -EINVAL)
INSPECT_ROW(get_filter_index_ulong_max_enoent,
	    .ask = ASK_FILTER, .tracee = FILTERED, .index = ULONG_MAX, .want = -ENOENT)
INSPECT_ROW(get_metadata_index_ulong_max_enoent,
	    .ask = ASK_METADATA, .tracee = FILTERED, .index = ULONG_MAX, .want = -ENOENT)
INSPECT_ROW(get_filter_bad_buffer_efault,
	    .ask = ASK_FILTER, .tracee = FILTERED, .bad_buffer = true, .want = -EFAULT)
INSPECT_ROW(get_metadata_bad_buffer_efault,
	    .ask = ASK_METADATA, .tracee = FILTERED, .bad_buffer = true, .want = -EFAULT)
INSPECT_ROW(get_metadata_bad_buffer_filterless_efault_first,
	    .ask = ASK_METADATA, .tracee = FILTERLESS, .bad_buffer = true, .want = -EFAULT)
INSPECT_ROW(get_metadata_size_4_bad_buffer_einval_first,
	    .ask = ASK_METADATA, .tracee = FILTERED, .md_size = 4, .bad_buffer = true,
	    .want = -EINVAL)
INSPECT_ROW(get_metadata_flags_passed_in_ignored,
	    .ask = ASK_METADATA, .tracee = FILTERED, .want = sizeof(struct seccomp_metadata))
FIXTURE_SETUP(inspect) {}
FIXTURE_TEARDOWN(inspect) {}

#define BAD_PTR ((void *)8)		/* below mmap_min_addr: never mapped */
struct ptrace_admin_in_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long ret;
	long asked;
	long flags;
};

static int inspect_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(inspect) *v = arg;
	char c;
	int p[2];

	if (pipe(p))
		return sct_report_broken(rep, "tracee: pipe");
	if (v->tracee == FILTERED) {
		struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
		long r = sct_install_filter(f, 0);

		sct_filter_free(f);
		if (r)
			return errno = (int)-r, sct_report_broken(rep, "tracee: install a filter");
	}
	if (v->tracee == STRICT && prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT))
		return sct_report_broken(rep, "tracee: enter strict mode");
	if (v->tracee != STRICT && !v->running) {
		raise(SIGSTOP);		/* the tracer asks now */
		return 0;
	}
	SCT_REPORT(rep, struct ptrace_tracer_report)->ready = 1;
	/* the tracer asks, or stops us to ask (strict mode cannot raise) */
	return (int)read(p[0], &c, 1);
}

static void ask(pid_t pid, struct sct_report *rep, const FIXTURE_VARIANT(inspect) *v)
{
	struct ptrace_admin_in_report *res = SCT_REPORT(rep, struct ptrace_admin_in_report);
	struct seccomp_metadata md = { .filter_off = v->index, .flags = ~0ULL };
	long r;

	if (v->ask == ASK_FILTER)
		r = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)v->index,
			   v->bad_buffer ? BAD_PTR : NULL);
	else
		r = ptrace(PTRACE_SECCOMP_GET_METADATA, pid,
			   (void *)(v->md_size ?: sizeof(md)), v->bad_buffer ? BAD_PTR : &md);
	res->ret = r < 0 ? -errno : r;
	res->flags = (long)md.flags;
	res->asked = 1;
}

/* Running rows ask here; strict mode is stopped here to be asked. */
static void inspect_on_ready(pid_t pid, enum stop_kind kind, int *deliver,
			     struct sct_report *rep, const void *arg)
{
	const FIXTURE_VARIANT(inspect) *v = arg;

	(void)kind, (void)deliver;
	if (v->tracee == STRICT) {
		kill(pid, SIGSTOP);
		return;
	}
	ask(pid, rep, v);
	kill(pid, SIGKILL);
}

static void inspect_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			    struct sct_report *rep, const void *arg)
{
	const FIXTURE_VARIANT(inspect) *v = arg;

	if (kind != STOP_SIGNAL || *deliver || SCT_REPORT(rep, struct ptrace_admin_in_report)->asked)
		return;			/* only at the SIGSTOP */
	ask(pid, rep, v);
	if (v->tracee == STRICT)
		kill(pid, SIGKILL);	/* it would wait in read() forever */
}

TEST_F(inspect, error_answer)
{
	struct tracer t = {
		.body = inspect_body, .arg = variant, .on_stop = inspect_on_stop,
		.on_ready = variant->running || variant->tracee == STRICT ? inspect_on_ready : NULL,
		.drop_sys_admin = variant->drop_cap,
	};
	struct sct_outcome out;
	const struct ptrace_admin_in_report *res = SCT_REPORT(&out.rep, struct ptrace_admin_in_report);

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(variant->ask == ASK_FILTER ? SCT_F_PTRACE_GET_FILTER : SCT_F_PTRACE_GET_METADATA);
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt);
	ASSERT_EQ(1, res->asked) TH_LOG("the tracer never asked");
	EXPECT_RESULT(variant->want, res->ret,
		      variant->ask == ASK_FILTER ? "GET_FILTER" : "GET_METADATA");
	if (variant->want == sizeof(struct seccomp_metadata))
		EXPECT_EQ(0, res->flags) TH_LOG("flags of a filter without FLAG_LOG");
}

SCT_SUITE_MAIN("seccomp's CAP_SYS_ADMIN ptrace interfaces: PTRACE_O_SUSPEND_SECCOMP through "
	       "PTRACE_SEIZE and from traced tracers, the error answers of "
	       "PTRACE_SECCOMP_GET_FILTER and GET_METADATA in the kernel's order.")
