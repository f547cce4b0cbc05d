// SPDX-License-Identifier: GPL-2.0-only
/*
 * profiles_test - the real container profiles (profiles/docker-default.json
 * and podman-default.json, compiled by lib/profile.c for the native arch,
 * Docker's default capabilities and the running kernel) behave on this kernel as their authors meant, in three
 * layouts of the same rule set (lib/layout.h): linear, range tree, and
 * libseccomp's own output at the optimisation level runc uses.
 *
 * Telling seccomp's verdict from the syscall's own error: before building
 * the filter every ERRNO(e) of the rule set becomes ERRNO(TAG + e)
 * (sct_profile_tag_errnos), so "denied with EPERM" is errno TAG+1 and can
 * never be an error the syscall itself returned. The denied calls are made
 * with every argument -1, which any of them would refuse (EINVAL, EFAULT,
 * EBADF, ESRCH) if a wrong filter let it through; vhangup, the one call that
 * takes no argument and acts on the caller's terminal, is left out.
 *
 * Every check runs in a fresh child (sct_run_child): set no_new_privs,
 * install the filter, make the calls, report the mismatches.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <linux/sched.h>

#include <seccomp.h>

#include "suite.h"
#include "layout.h"
#include "profile.h"

#define TAG 3100		/* ERRNO(e) -> ERRNO(TAG + e) */
#define AF_VSOCK_ 40
#define AF_ALG_ 38

/* What a call must meet under the filter. */
enum want {
	WANT_DENIED_EPERM,	/* ret -1, errno TAG + EPERM */
	WANT_DENIED_ENOSYS,	/* ret -1, errno TAG + ENOSYS */
	WANT_NOT_DENIED,	/* anything but a tagged errno */
	WANT_SUCCESS,		/* ret >= 0 */
};

struct call {
	long nr;
	long args[6];
	enum want want;
};

#define MAX_CALLS 512
#define ALL_INVALID { -1, -1, -1, -1, -1, -1 }

struct plan {
	const struct sock_fprog *prog;
	const struct call *calls;
	size_t n;
	bool thread;		/* also create and join a thread under the filter */
};

#define PLAN_KEPT 4	/* mismatches kept in detail */

struct plan_report {
	long bad;		/* calls that missed their want */
	long thread_err;	/* thread create/join: 0 when it worked */
	struct {
		long index, ret, err;
	} first[PLAN_KEPT];	/* the first mismatches */
};

static bool met(const struct call *c, long ret, int err)
{
	switch (c->want) {
	case WANT_DENIED_EPERM:
		return ret == -1 && err == TAG + EPERM;
	case WANT_DENIED_ENOSYS:
		return ret == -1 && err == TAG + ENOSYS;
	case WANT_NOT_DENIED:
		return ret != -1 || err < TAG;
	case WANT_SUCCESS:
		return ret >= 0;
	}
	return false;
}

static void *thread_fn(void *arg)
{
	return arg;
}

static int run_plan(struct sct_report *rep, void *arg)
{
	const struct plan *p = arg;
	struct plan_report *pr = SCT_REPORT(rep, struct plan_report);
	long r;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(NO_NEW_PRIVS)");
	r = sct_install(p->prog, 0);
	if (r < 0) {
		errno = (int)-r;
		return sct_report_broken(rep, "seccomp(SET_MODE_FILTER)");
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct call *c = &p->calls[i];
		long ret;
		int err;

		errno = 0;
		ret = syscall(c->nr, c->args[0], c->args[1], c->args[2], c->args[3],
			      c->args[4], c->args[5]);
		err = errno;
		/* keep what we opened from piling up */
		if (ret >= 0 && c->want == WANT_SUCCESS && c->nr == __NR_socket)
			close((int)ret);
		if (met(c, ret, err))
			continue;
		if (pr->bad < PLAN_KEPT) {
			pr->first[pr->bad].index = (long)i;
			pr->first[pr->bad].ret = ret;
			pr->first[pr->bad].err = err;
		}
		pr->bad++;
	}
	if (p->thread) {
		pthread_t t;
		void *res = NULL;

		pr->thread_err = pthread_create(&t, NULL, thread_fn, (void *)42L);
		if (!pr->thread_err)
			pr->thread_err = pthread_join(t, &res) ? -1 : (long)res - 42;
	}
	return 0;
}

static const char *call_name(const struct call *c, char *buf, size_t len)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)c->nr);

	snprintf(buf, len, "%s(%#lx)", name ? name : "?", (unsigned long)c->args[0]);
	free(name);
	return buf;
}

/* Run the calls under prog in a child; assert each met its want. */
#define RUN_PLAN(prog, calls, n, thread) do {					\
	struct plan _p = { (prog), (calls), (n), (thread) };			\
	struct sct_outcome _o;							\
	char _b[96];								\
	ASSERT_EQ(0, sct_run_child(run_plan, &_p, 0, &_o));			\
	ASSERT_EXITED(_o, 0);							\
	const struct plan_report *_r = SCT_REPORT(&_o.rep, struct plan_report); \
	for (long _i = 0; _i < _r->bad && _i < PLAN_KEPT; _i++) {		\
		long _k = _r->first[_i].index;					\
		TH_LOG("%s: returned %ld, errno %ld (want %s)",			\
		       call_name(&(calls)[_k], _b, sizeof(_b)),			\
		       _r->first[_i].ret, _r->first[_i].err,			\
		       want_name((calls)[_k].want));				\
	}									\
	EXPECT_EQ(0, _r->bad);							\
	if (thread)								\
		EXPECT_EQ(0, _r->thread_err);					\
} while (0)

static const char *want_name(enum want w)
{
	static const char *const names[] = {
		[WANT_DENIED_EPERM] = "denied, EPERM", [WANT_DENIED_ENOSYS] = "denied, ENOSYS",
		[WANT_NOT_DENIED] = "not denied", [WANT_SUCCESS] = "success",
	};
	return names[w];
}

/* ---- the filters ---------------------------------------------------------- */

struct compiled {
	struct sct_ruleset *rs;		/* tagged */
	struct sock_fprog prog;
};

/* Load profiles/<file> for Docker's default caps and the running kernel,
 * tag its errnos (when tag) and build it in layout l. 0, 1 (profiles/
 * missing: msg) or -1 (msg says why). */
static int compile(const char *file, enum sct_layout l, bool tag, struct compiled *c,
		   char *msg, size_t len)
{
	char path[1024];

	memset(c, 0, sizeof(*c));
	if (SCT_PROFILE_FIND(file, path)) {
		snprintf(msg, len, "profiles/%s not found (tried %.400s)", file, path);
		return 1;
	}
	if (sct_profile_load(path, NULL, &c->rs, NULL, msg, len))
		return -1;
	if (tag && sct_profile_tag_errnos(c->rs, TAG)) {
		snprintf(msg, len, "ERRNO data too large to tag");
		return -1;
	}
	return sct_layout_build(l, c->rs, &c->prog, msg, len) ? -1 : 0;
}

static void release(struct compiled *c)
{
	free(c->prog.filter);
	sct_ruleset_free(c->rs);
}

#define COMPILE(file, layout, tag, c) do {					\
	char _m[512];								\
	int _r = compile((file), (layout), (tag), (c), _m, sizeof(_m));	\
	SCT_SKIP_OR_ASSERT_OK(_r, _m);						\
} while (0)

/*
 * Every syscall of the arch libseccomp knows that rs denies as `want` says
 * for all-invalid arguments and that has no ALLOW rule at all: the
 * profile's blocked set. Returns how many were written to calls.
 */
static size_t denied_set(const struct sct_ruleset *rs, enum want want,
			 struct call *calls, size_t max)
{
	uint32_t action = SECCOMP_RET_ERRNO | (TAG + (want == WANT_DENIED_EPERM ? EPERM : ENOSYS));
	size_t n = 0;

	for (int nr = 0; nr < sct_arch_native()->nr_bound && n < max; nr++) {
		struct seccomp_data sd = { .nr = nr, .arch = rs->audit_arch };
		const struct sct_syscall *s = sct_ruleset_find(rs, (uint32_t)nr);
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		bool allow_rule = false;

		for (size_t r = 0; s && r < s->nrules; r++)
			allow_rule |= s->rules[r].action == SECCOMP_RET_ALLOW;
		for (int a = 0; a < 6; a++)
			sd.args[a] = UINT64_MAX;
		/* vhangup acts on the caller's terminal: never call it */
		if (name && strcmp(name, "vhangup") && !allow_rule &&
		    sct_ruleset_eval(rs, &sd) == action)
			calls[n++] = (struct call){ nr, ALL_INVALID, want };
		free(name);
	}
	return n;
}

/* The profile's whole blocked set (at least min calls) meets want. */
#define RUN_DENIED_SET(c, want, min) do {					\
	static struct call _calls[MAX_CALLS];					\
	size_t _n = denied_set((c)->rs, (want), _calls, MAX_CALLS);		\
	ASSERT_GE(_n, (min));							\
	RUN_PLAN(&(c)->prog, _calls, _n, false);				\
} while (0)

/* ---- Docker default --------------------------------------------------------- */

/* Each test runs once per layout; the fixture compiles the profile(s). */
FIXTURE(docker) { struct compiled c; };
FIXTURE(podman) { struct compiled c; };
#define LAYOUT_VARIANTS(fx, file)						\
	FIXTURE_VARIANT(fx) { enum sct_layout layout; };			\
	FIXTURE_VARIANT_ADD(fx, linear) { .layout = SCT_LAYOUT_LINEAR };		\
	FIXTURE_VARIANT_ADD(fx, range_tree) { .layout = SCT_LAYOUT_RANGE_TREE };	\
	FIXTURE_VARIANT_ADD(fx, libseccomp_2) { .layout = SCT_LAYOUT_LIBSECCOMP_2 };	\
	FIXTURE_SETUP(fx) { COMPILE(file, variant->layout, true, &self->c); }	\
	FIXTURE_TEARDOWN(fx) { release(&self->c); }
LAYOUT_VARIANTS(docker, "docker-default.json")
LAYOUT_VARIANTS(podman, "podman-default.json")

/* The syscalls no ALLOW rule reaches are refused with EPERM, whatever the
 * arguments: REFERENCE.md lists 76 (newest libseccomp); libseccomp 2.5.4
 * knows 67 on x86_64, which less clone3 (ENOSYS, below) and vhangup leaves
 * 65; arm64 has 50 of them (no iopl, ioperm, create_module, uselib, ...).
 * The floor only catches a profile that compiled to almost nothing. */
TEST_F(docker, blocked_set_gets_eperm)
{
	RUN_DENIED_SET(&self->c, WANT_DENIED_EPERM, 45);
}

/* moby 9f6b562dd1: clone3 -> ENOSYS so glibc falls back to clone(2). */
TEST_F(docker, clone3_gets_enosys)
{
	const struct call calls[] = {
		{ __NR_clone3, ALL_INVALID, WANT_DENIED_ENOSYS },
		{ __NR_clone3, { 0, 0 }, WANT_DENIED_ENOSYS },
	};

	RUN_PLAN(&self->c.prog, calls, 2, false);
}

/* The MASKED_EQ rule on clone's flags: any CLONE_NEW* is EPERM. The calls
 * that must be denied carry an invalid combination (CLONE_NEWNS|CLONE_FS,
 * EINVAL) so that even a wrongly allowed one creates nothing. */
TEST_F(docker, clone_with_namespace_flags_gets_eperm)
{
	static const long flags[] = { CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER,
				      CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP };
	struct call calls[7];

	for (int i = 0; i < 7; i++)
		calls[i] = (struct call){ __NR_clone, { flags[i] | CLONE_NEWNS | CLONE_FS },
					  WANT_DENIED_EPERM };
	RUN_PLAN(&self->c.prog, calls, 7, false);
}

/*
 * pthread_create under the filter: glibc tries clone3, meets the profile's
 * ENOSYS and falls back to clone(2) with thread flags, which the mask
 * allows. Tagged, clone3 would return TAG + ENOSYS, which glibc does not
 * take for ENOSYS, so this check runs on the untagged filter.
 */
TEST_F(docker, thread_creation_works)
{
	struct compiled plain;

	COMPILE("docker-default.json", variant->layout, false, &plain);
	RUN_PLAN(&plain.prog, (const struct call *)NULL, 0, true);
	release(&plain);
}

TEST_F(docker, personality_allows_exactly_the_five_values)
{
	const struct call calls[] = {
		{ __NR_personality, { 0xffffffff }, WANT_SUCCESS },	/* query */
		{ __NR_personality, { 0 }, WANT_SUCCESS },		/* PER_LINUX */
		{ __NR_personality, { 8 }, WANT_SUCCESS },		/* PER_LINUX32 */
		{ __NR_personality, { 0x20000 }, WANT_SUCCESS },	/* UNAME26 */
		{ __NR_personality, { 0x20008 }, WANT_SUCCESS },
		{ __NR_personality, { 0 }, WANT_SUCCESS },
		{ __NR_personality, { 0x0040000 }, WANT_DENIED_EPERM },	/* ADDR_NO_RANDOMIZE */
		{ __NR_personality, { 0x0400000 }, WANT_DENIED_EPERM },	/* READ_IMPLIES_EXEC */
		{ __NR_personality, { 1 }, WANT_DENIED_EPERM },
		{ __NR_personality, { 0x20001 }, WANT_DENIED_EPERM },
	};

	RUN_PLAN(&self->c.prog, calls, sizeof(calls) / sizeof(calls[0]), false);
}

TEST_F(docker, socket_vsock_and_alg_get_eperm_inet_works)
{
	const struct call calls[] = {
		{ __NR_socket, { AF_VSOCK_, SOCK_STREAM }, WANT_DENIED_EPERM },
		{ __NR_socket, { AF_ALG_, SOCK_SEQPACKET }, WANT_DENIED_EPERM },
		{ __NR_socket, { AF_INET, SOCK_STREAM }, WANT_SUCCESS },
		{ __NR_socket, { AF_UNIX, SOCK_STREAM }, WANT_SUCCESS },
		{ __NR_socket, { AF_INET6, SOCK_DGRAM }, WANT_NOT_DENIED },
		{ __NR_socket, { 39, 0 }, WANT_NOT_DENIED },	/* AF_NFC: kernel's answer */
		{ __NR_socket, { 41, 0 }, WANT_NOT_DENIED },
	};

	RUN_PLAN(&self->c.prog, calls, sizeof(calls) / sizeof(calls[0]), false);
}

/* A sample of the allowed set: whatever they return, seccomp did not deny. */
static const struct call allowed_sample[] = {
	{ __NR_getpid, { 0 }, WANT_SUCCESS },
	{ __NR_getppid, { 0 }, WANT_SUCCESS },
	{ __NR_gettid, { 0 }, WANT_SUCCESS },
	{ __NR_getuid, { 0 }, WANT_SUCCESS },
	{ __NR_read, { -1, 0, 0 }, WANT_NOT_DENIED },
	{ __NR_write, { -1, 0, 0 }, WANT_NOT_DENIED },
	{ __NR_close, { -1 }, WANT_NOT_DENIED },
	{ __NR_fstat, { -1, 0 }, WANT_NOT_DENIED },
	{ __NR_uname, { 0 }, WANT_NOT_DENIED },
	{ __NR_sched_yield, { 0 }, WANT_SUCCESS },
	{ __NR_getrandom, { 0, 0, 0 }, WANT_SUCCESS },
	{ __NR_prctl, { PR_GET_NO_NEW_PRIVS }, WANT_SUCCESS },
	{ __NR_sched_getaffinity, { 0, 0, 0 }, WANT_NOT_DENIED },
	{ __NR_ptrace, { -1, 0 }, WANT_NOT_DENIED },
	{ __NR_process_vm_readv, { 0, 0, 0, 0, 0, 0 }, WANT_NOT_DENIED },
	{ __NR_chroot, { 0 }, WANT_NOT_DENIED },	/* CAP_SYS_CHROOT is a default cap */
	{ __NR_seccomp, { -1, 0, 0 }, WANT_NOT_DENIED },
	{ __NR_io_setup, { 0, 0 }, WANT_NOT_DENIED },
	{ __NR_pidfd_open, { -1, 0 }, WANT_NOT_DENIED },
	{ __NR_close_range, { -1, -1, -1 }, WANT_NOT_DENIED },
};

TEST_F(docker, allowed_sample_is_not_denied)
{
	RUN_PLAN(&self->c.prog, allowed_sample,
		 sizeof(allowed_sample) / sizeof(allowed_sample[0]), false);
}

/* ---- Podman default ------------------------------------------------------------ */


/* containers/common 81cd342b: unknown syscalls get ENOSYS, so new programs
 * fall back instead of failing with EPERM. */
TEST_F(podman, unlisted_syscalls_get_enosys)
{
	static struct call calls[MAX_CALLS];
	size_t n = denied_set(self->c.rs, WANT_DENIED_ENOSYS, calls, MAX_CALLS - 2);

	ASSERT_GE(n, 5);
	/* numbers nothing uses, and past the end of the table */
	calls[n++] = (struct call){ 1000, ALL_INVALID, WANT_DENIED_ENOSYS };
	calls[n++] = (struct call){ sct_arch_native()->nr_bound + 5, ALL_INVALID, WANT_DENIED_ENOSYS };
	RUN_PLAN(&self->c.prog, calls, n, false);
}

/* Its explicit EPERM list (and the EPERM mirrors of capability groups the
 * default set lacks) keep known-but-denied syscalls at EPERM. */
TEST_F(podman, eperm_list_gets_eperm)
{
	RUN_DENIED_SET(&self->c, WANT_DENIED_EPERM, 20);
}

TEST_F(podman, socket_vsock_gets_eperm_alg_works)
{
	const struct call calls[] = {
		{ __NR_socket, { AF_VSOCK_, SOCK_STREAM }, WANT_DENIED_EPERM },
		{ __NR_socket, { AF_ALG_, SOCK_SEQPACKET }, WANT_NOT_DENIED },
		{ __NR_socket, { AF_INET, SOCK_STREAM }, WANT_SUCCESS },
	};

	RUN_PLAN(&self->c.prog, calls, sizeof(calls) / sizeof(calls[0]), false);
}

TEST_F(podman, namespaces_allowed_and_thread_creation_works)
{
	const struct call calls[] = {
		{ __NR_unshare, { 0 }, WANT_SUCCESS },
		{ __NR_setns, { -1, 0 }, WANT_NOT_DENIED },
		{ __NR_clone3, { 0, 0 }, WANT_NOT_DENIED },
	};

	RUN_PLAN(&self->c.prog, calls, sizeof(calls) / sizeof(calls[0]), true);
}

SCT_SUITE_MAIN("The Docker and Podman default seccomp profiles, compiled by lib/profile.c "
	       "for Docker's default capabilities, in three layouts: blocked sets, clone3 "
	       "ENOSYS, clone namespace flags, personality values, socket families, allowed "
	       "samples.")
