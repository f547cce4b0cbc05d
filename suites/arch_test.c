// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch_test - which architecture a filter sees, and why a filter must look.
 *
 * struct seccomp_data carries `arch` (AUDIT_ARCH_*) because one process can
 * enter the kernel through several syscall ABIs whose numbers overlap:
 *  - native calls report the native arch (syscall_get_arch());
 *  - on x86_64, `int $0x80` from a 64-bit process, and every call of an i386
 *    program, is a compat call: AUDIT_ARCH_I386 with i386 numbers
 *    (TS_COMPAT; arch/x86/include/asm/syscall.h);
 *  - on arm64 every call of an AArch32 program is a compat call:
 *    AUDIT_ARCH_ARM with arm EABI numbers (is_compat_task(); a 64-bit task
 *    has no way to make one, so those cases use the program only);
 *  - x32 calls report AUDIT_ARCH_X86_64 and carry __X32_SYSCALL_BIT
 *    (0x40000000) in nr, which seccomp sees before the dispatcher decides
 *    whether x32 exists (do_syscall_64: seccomp runs in
 *    syscall_enter_from_user_mode, then do_syscall_x64/x32, else ENOSYS).
 * The constant-action cache keeps one bitmap per arch
 * (seccomp_cache_check_allow), so an ALLOW cached for one arch must never
 * answer a call of another.
 *
 * Everything ABI-specific goes through arch/arch.h and sct_abi_syscall(), and
 * the compat program is suites/helpers/arch_probe_compat.c built for the
 * compat ABI; tests SKIP, naming the reason, where an ABI does not exist.
 */
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>

#include "suite.h"

/* Errnos the filters return, so a result names the rule that matched. */
enum {
	E_DENY = 3101,		/* the rule under test matched */
	E_NATIVE_ARCH = 3102,	/* seccomp_data.arch was the native arch */
	E_COMPAT_ARCH = 3103,	/* ... the compat arch */
	E_OTHER_ARCH = 3104,	/* ... something else */
};

/* SKIP unless this process can make calls of `abi`. */
#define REQUIRE_ABI(abi) do {						\
	if ((abi) == SCT_ABI_COMPAT)					\
		SCT_REQUIRE(SCT_F_COMPAT_ENTRY);			\
	if ((abi) == SCT_ABI_X32 && !sct_arch_native()->x32_bit)	\
		SKIP(return, "%s has no x32 ABI (x86_64 only)",	\
		     sct_arch_native()->name);				\
} while (0)

/* The compat call whose number is native getpid's (x86_64: i386 mkdir 39,
 * aarch64: arm prctl 172), harmless with zero arguments. */
#define GETPID_TWIN "getpid's twin"

/* The number of `call` on `abi`, as sct_abi_syscall() takes it; -1 if unknown. */
static long nr_of(enum sct_abi abi, const char *call)
{
	if (abi == SCT_ABI_COMPAT && !strcmp(call, GETPID_TWIN))
		return sct_arch_compat_name(__NR_getpid) ? __NR_getpid : -1;
	if (abi == SCT_ABI_COMPAT)
		return sct_arch_compat_nr(call);
	/* x32 shares these numbers with x86_64 (arch/x86/entry/syscalls/syscall_64.tbl: common) */
	if (!strcmp(call, "getpid"))
		return __NR_getpid;
	if (!strcmp(call, "getppid"))
		return __NR_getppid;
	return -1;
}

/* What seccomp_data.nr holds for that call: x32 numbers carry the x32 bit. */
static uint32_t wire_nr(enum sct_abi abi, const char *call)
{
	uint32_t nr = (uint32_t)nr_of(abi, call);

	return abi == SCT_ABI_X32 ? nr | sct_arch_native()->x32_bit : nr;
}

/* What seccomp_data.arch holds for calls of `abi` (x32: the native arch). */
static uint32_t arch_of(enum sct_abi abi)
{
	const struct sct_arch *a = sct_arch_native();

	return abi == SCT_ABI_COMPAT ? a->compat_audit_arch : a->audit_arch;
}

/* arch == `arch` && nr == `nr` -> `action`; everything else -> `otherwise`. */
static struct sct_filter *filter_rule(uint32_t arch, uint32_t nr, uint32_t action,
				      uint32_t otherwise)
{
	struct sct_filter *f = sct_filter_new();
	sct_label miss;

	if (!f)
		return NULL;
	miss = sct_label_new(f);
	sct_ld_arch(f);
	sct_jeq(f, arch, SCT_NEXT, miss);
	sct_ld_nr(f);
	sct_jeq(f, nr, SCT_NEXT, miss);
	sct_ret(f, action);
	sct_label_here(f, miss);
	sct_ret(f, otherwise);
	return f;
}

/* Observe `call` of `abi` under one filter; asserts our set-up worked. */
static void observe_call(struct __test_metadata *_metadata, struct sct_filter *f,
			 enum sct_abi abi, const char *call, struct sct_observation *obs)
{
	struct sct_stage stage = { f, 0 };
	struct sct_probe probe = { .nr = nr_of(abi, call), .abi = abi };

	ASSERT_NE(NULL, f);
	ASSERT_LE(0, probe.nr) TH_LOG("no %s number for %s", sct_abi_name(abi), call);
	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, obs));
	ASSERT_NOT_BROKEN(*obs);
}

/* ---- which arch each ABI reports ------------------------------------------ */

FIXTURE(reported_arch) {};
FIXTURE_VARIANT(reported_arch) {
	enum sct_abi abi;
	long expect;			/* E_NATIVE_ARCH or E_COMPAT_ARCH */
};
FIXTURE_VARIANT_ADD(reported_arch, native) { .abi = SCT_ABI_NATIVE, .expect = E_NATIVE_ARCH };
/* x86_64: int $0x80 from a 64-bit process reports AUDIT_ARCH_I386 */
FIXTURE_VARIANT_ADD(reported_arch, compat) { .abi = SCT_ABI_COMPAT, .expect = E_COMPAT_ARCH };
/* x32 has no arch value of its own: only the nr bit tells it apart */
FIXTURE_VARIANT_ADD(reported_arch, x32) { .abi = SCT_ABI_X32, .expect = E_NATIVE_ARCH };
FIXTURE_SETUP(reported_arch) {}
FIXTURE_TEARDOWN(reported_arch) {}

/* The probe's number answers with the arch it arrived with; every other
 * number is allowed, so the child's own calls keep working. */
TEST_F(reported_arch, in_seccomp_data)
{
	const struct sct_arch *a = sct_arch_native();
	struct sct_filter *f = sct_filter_new();
	struct sct_observation obs;
	sct_label allow = sct_label_new(f), compat = sct_label_new(f), other = sct_label_new(f);

	REQUIRE_ABI(variant->abi);
	sct_ld_nr(f);
	sct_jeq(f, wire_nr(variant->abi, "getppid"), SCT_NEXT, allow);
	sct_ld_arch(f);
	sct_jeq(f, a->audit_arch, SCT_NEXT, compat);
	sct_ret(f, SECCOMP_RET_ERRNO | E_NATIVE_ARCH);
	sct_label_here(f, compat);
	sct_jeq(f, a->compat_audit_arch, SCT_NEXT, other);
	sct_ret(f, SECCOMP_RET_ERRNO | E_COMPAT_ARCH);
	sct_label_here(f, other);
	sct_ret(f, SECCOMP_RET_ERRNO | E_OTHER_ARCH);
	sct_label_here(f, allow);
	sct_ret(f, SECCOMP_RET_ALLOW);
	observe_call(_metadata, f, variant->abi, "getppid", &obs);
	ASSERT_SEEN(obs, SCT_SEEN_ERRNO, variant->expect);
	sct_filter_free(f);
}

/* TRAP's siginfo names the arch and the number as the filter saw them. */
TEST_F(reported_arch, in_sigsys_siginfo)
{
	enum sct_abi abi = variant->abi;
	struct sct_filter *f;
	struct sct_observation obs;

	REQUIRE_ABI(abi);
	f = filter_rule(arch_of(abi), wire_nr(abi, "getppid"), SECCOMP_RET_TRAP | 5,
			SECCOMP_RET_ALLOW);
	observe_call(_metadata, f, abi, "getppid", &obs);
	ASSERT_SEEN(obs, SCT_SEEN_TRAPPED, 5);
	EXPECT_EQ(arch_of(abi), obs.trap_arch);
	EXPECT_EQ((int)wire_nr(abi, "getppid"), obs.trap_syscall);
	sct_filter_free(f);
}

/* ---- a filter that kills every other arch --------------------------------- */

FIXTURE(native_only) {};
FIXTURE_VARIANT(native_only) { enum sct_abi abi; enum sct_seen seen; long value; };
FIXTURE_VARIANT_ADD(native_only, native_runs) {
	.abi = SCT_ABI_NATIVE, .seen = SCT_SEEN_RAN, .value = SCT_ANY };
FIXTURE_VARIANT_ADD(native_only, compat_killed) {
	.abi = SCT_ABI_COMPAT, .seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_SETUP(native_only) {}
FIXTURE_TEARDOWN(native_only) {}

/* The first instruction pair of every real-world filter (sct_check_arch). */
TEST_F(native_only, arch_check_kills_process)
{
	struct sct_filter *f = sct_filter_new();
	struct sct_observation obs;

	REQUIRE_ABI(variant->abi);
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ret(f, SECCOMP_RET_ALLOW);
	observe_call(_metadata, f, variant->abi, "getpid", &obs);
	ASSERT_SEEN(obs, variant->seen, variant->value);
	sct_filter_free(f);
}

/* ---- numbers are per arch -------------------------------------------------- */

/*
 * One rule, (arch of rule_arch, getpid's number on rule_nr) -> ERRNO, and
 * getpid called on both ABIs. On x86_64 getpid is 39 natively and 20 on
 * i386; i386 39 is mkdir and x86_64 20 is writev, so a rule that pairs one
 * arch with the other's number must match neither getpid.
 */
FIXTURE(nr_space) {};
FIXTURE_VARIANT(nr_space) {
	enum sct_abi rule_arch, rule_nr;
	enum sct_seen native, compat;	/* what getpid meets on each ABI */
};
FIXTURE_VARIANT_ADD(nr_space, deny_native_getpid) {
	.rule_arch = SCT_ABI_NATIVE, .rule_nr = SCT_ABI_NATIVE, .native = SCT_SEEN_ERRNO,
	.compat = SCT_SEEN_RAN };
FIXTURE_VARIANT_ADD(nr_space, deny_compat_getpid) {
	.rule_arch = SCT_ABI_COMPAT, .rule_nr = SCT_ABI_COMPAT, .native = SCT_SEEN_RAN,
	.compat = SCT_SEEN_ERRNO };
FIXTURE_VARIANT_ADD(nr_space, native_arch_with_compat_getpid_nr) {
	.rule_arch = SCT_ABI_NATIVE, .rule_nr = SCT_ABI_COMPAT, .native = SCT_SEEN_RAN,
	.compat = SCT_SEEN_RAN };
FIXTURE_VARIANT_ADD(nr_space, compat_arch_with_native_getpid_nr) {
	.rule_arch = SCT_ABI_COMPAT, .rule_nr = SCT_ABI_NATIVE, .native = SCT_SEEN_RAN,
	.compat = SCT_SEEN_RAN };
FIXTURE_SETUP(nr_space) {}
FIXTURE_TEARDOWN(nr_space) {}

static struct sct_filter *nr_space_filter(const FIXTURE_VARIANT(nr_space) *v)
{
	return filter_rule(arch_of(v->rule_arch), wire_nr(v->rule_nr, "getpid"),
			   SECCOMP_RET_ERRNO | E_DENY, SECCOMP_RET_ALLOW);
}

/* ERRNO means E_DENY, RAN means getpid's real answer (the child's pid > 1). */
static void assert_getpid(struct __test_metadata *_metadata, enum sct_abi abi,
			  enum sct_seen want, long ret, int err)
{
	if (want == SCT_SEEN_ERRNO) {
		ASSERT_EQ(-1, ret) TH_LOG("%s getpid ran (returned %ld), the rule should deny it",
					  sct_abi_name(abi), ret);
		ASSERT_EQ(E_DENY, err) TH_LOG("%s getpid: errno %d", sct_abi_name(abi), err);
	} else {
		ASSERT_LT(1, ret) TH_LOG("%s getpid: returned %ld errno %d, expected it to run",
					 sct_abi_name(abi), ret, err);
	}
}

/* In one 64-bit process: syscall(2) and int $0x80. */
TEST_F(nr_space, in_process)
{
	static const enum sct_abi abis[] = { SCT_ABI_NATIVE, SCT_ABI_COMPAT };
	struct sct_filter *f;

	SCT_REQUIRE(SCT_F_COMPAT_ENTRY);
	f = nr_space_filter(variant);
	for (size_t i = 0; i < 2; i++) {
		struct sct_observation obs;

		observe_call(_metadata, f, abis[i], "getpid", &obs);
		assert_getpid(_metadata, abis[i], abis[i] == SCT_ABI_NATIVE ?
			      variant->native : variant->compat, obs.ret, obs.err);
	}
	sct_filter_free(f);
}

/* ---- a compat program under a filter its 64-bit parent installed --------- */

#define HELPER_NAME "arch_probe_compat"
#define HELPER_MAX_CALLS 4

/* The helper next to this program: the runner cds into the build directory
 * but an installed kselftest tree may live anywhere. NULL if missing. */
static const char *helper_path(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/" HELPER_NAME, dirname(exe));
	return access(path, X_OK) ? NULL : path;
}

/* The compat helper with no filter and no arguments (it prints its usage
 * and exits 2); rep->err is execve's errno when the kernel refuses it. */
static int helper_exec_child(struct sct_report *rep, void *path)
{
	char *const argv[] = { path, NULL };
	int devnull = open("/dev/null", O_WRONLY);

	if (devnull >= 0)
		dup2(devnull, STDERR_FILENO);
	execv(path, argv);
	rep->err = errno;
	return 0;
}

/* 0 when the kernel runs the helper, -ENOEXEC when execve refuses the ELF
 * (arm64: no CONFIG_COMPAT, or no AArch32 at EL0 on this CPU; the kernel's
 * compat_elf_check_arch), -EPROTO for anything else. */
static int helper_runs(const char *path)
{
	struct sct_outcome out;

	if (sct_run_child(helper_exec_child, (void *)path, 10000, &out))
		return -EPROTO;
	if (out.end == SCT_END_EXITED && out.code == 2)
		return 0;
	return out.rep.err == ENOEXEC ? -ENOEXEC : -EPROTO;
}

/*
 * SKIP unless the compat helper can run here; sets `path`. Where the arch
 * has an in-process compat entry (x86_64), the same kernel support runs
 * compat programs (CONFIG_IA32_EMULATION). A missing helper on an arch with
 * a compat ABI is an incomplete build or install (make builds it with every
 * suite): BROKEN, not a kernel verdict and not a skip that hides it.
 */
#define REQUIRE_HELPER(path) do {					\
	if (!sct_arch_native()->compat_exec)				\
		SKIP(return, "%s has no compat ABI", sct_arch_native()->name); \
	if (sct_arch_has_compat_entry())				\
		SCT_REQUIRE(SCT_F_COMPAT_ENTRY);			\
	(path) = helper_path();						\
	ASSERT_NE(NULL, (path)) {					\
		TH_LOG("BROKEN: " HELPER_NAME " (%s) is not next to this program " \
		       "(make O=build build/suites/" HELPER_NAME "; needs COMPAT_CC: " \
		       "i686-linux-gnu-gcc or arm-linux-gnueabihf-gcc)",	\
		       sct_arch_native()->compat_exec);			\
	}								\
	if (!sct_arch_has_compat_entry()) {				\
		int runs_ = helper_runs(path);				\
		if (runs_ == -ENOEXEC)					\
			SKIP(return, "%s: execve of " HELPER_NAME " is ENOEXEC here " \
			     "(compat programs, arm64 since Linux 3.7)",	\
			     sct_arch_native()->compat_exec);		\
		ASSERT_EQ(0, runs_) TH_LOG("BROKEN: " HELPER_NAME " with no filter: %s", \
					   strerror(-runs_));		\
	}								\
} while (0)

struct helper_call {
	long nr, ret;
	int err, trapped, trap_nr, trap_errno;
	unsigned int trap_arch;
};

struct helper_run {
	const char *path;
	struct sct_filter *filter;	/* installed (with NNP) before execve */
	long native_nr;			/* a native call made before execve, or -1 */
	int native_times;		/* how often (0: once) */
	long nrs[HELPER_MAX_CALLS];	/* compat calls the helper makes */
	int n;
	int out_fd;			/* the helper's stdout */
	const char *own_filter;		/* -f ARCH:NR:ERRNO (or fault) for the helper */
	long own_ret;			/* ... and its seccomp(2) result */
	int own_err;
};

static int helper_child(struct sct_report *rep, void *p)
{
	struct helper_run *h = p;
	char args[HELPER_MAX_CALLS][24];
	char *argv[HELPER_MAX_CALLS + 4] = { (char *)h->path };
	int first = 1;
	long ret;

	if (h->own_filter) {
		argv[first++] = "-f";
		argv[first++] = (char *)h->own_filter;
	}
	for (int i = 0; i < h->n; i++) {
		snprintf(args[i], sizeof(args[i]), "%ld", h->nrs[i]);
		argv[first + i] = args[i];
	}
	if (dup2(h->out_fd, STDOUT_FILENO) < 0)
		return sct_report_broken(rep, "dup2 the helper's stdout");
	ret = sct_install_filter(h->filter, 0);
	if (ret < 0) {
		errno = (int)-ret;
		return sct_report_broken(rep, "install the filter");
	}
	rep->stage = 1;
	for (int i = 0; h->native_nr >= 0 && (i == 0 || i < h->native_times); i++) {
		rep->ret = syscall(h->native_nr, 0, 0, 0, 0, 0, 0);
		rep->err = rep->ret == -1 ? errno : 0;
	}
	rep->stage = 2;
	execv(h->path, argv);
	return sct_report_broken(rep, "execve " HELPER_NAME);
}

/* Run the helper; fills out (the 64-bit child's report and end) and, when
 * calls is not NULL, calls[] (the helper must then exit 0). */
static void run_helper(struct __test_metadata *_metadata, struct helper_run *h,
		       struct sct_outcome *out, struct helper_call *calls)
{
	char buf[1024], b[256];
	size_t len = 0;
	ssize_t n;
	int fds[2];
	char *line;

	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC)) TH_LOG("BROKEN: pipe: %s", strerror(errno));
	h->out_fd = fds[1];
	ASSERT_EQ(0, sct_run_child(helper_child, h, 0, out)) TH_LOG("BROKEN: fork");
	close(fds[1]);
	while (len < sizeof(buf) - 1 && (n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fds[0]);
	ASSERT_EQ(0, out->rep.broken[0]) TH_LOG("BROKEN: %s", sct_outcome_str(out, b, sizeof(b)));
	if (!calls)
		return;
	ASSERT_EXITED(*out, 0);
	line = buf;
	if (h->own_filter) {
		ASSERT_EQ(2, sscanf(line, "installed %ld %d", &h->own_ret, &h->own_err)) {
			TH_LOG("no 'installed' line; output: '%s'", buf);
		}
		line = strchr(line, '\n');
		ASSERT_NE(NULL, line);
		line++;
	}
	for (int i = 0; i < h->n; i++) {
		struct helper_call *c = &calls[i];

		ASSERT_EQ(7, sscanf(line, "%ld %ld %d %d %x %d %d", &c->nr, &c->ret, &c->err,
				    &c->trapped, &c->trap_arch, &c->trap_nr, &c->trap_errno)) {
			TH_LOG("helper line %d unreadable; output: '%s'", i, buf);
		}
		ASSERT_EQ(h->nrs[i], c->nr);
		line = strchr(line, '\n');
		ASSERT_NE(NULL, line);
		line++;
	}
}

/* The same table, with the compat call made by a real compat program (i386
 * on x86_64, via libc's *%gs:0x10 entry: the vDSO's __kernel_vsyscall,
 * sysenter/syscall rather than int $0x80, when the kernel maps a 32-bit
 * vDSO; AArch32 on arm64, svc) and the native call by its 64-bit parent
 * just before execve. */
TEST_F(nr_space, compat_program)
{
	struct helper_run h = { .native_nr = __NR_getpid, .n = 1 };
	struct helper_call call;
	struct sct_outcome out;

	REQUIRE_HELPER(h.path);
	h.nrs[0] = nr_of(SCT_ABI_COMPAT, "getpid");
	h.filter = nr_space_filter(variant);
	run_helper(_metadata, &h, &out, &call);
	assert_getpid(_metadata, SCT_ABI_NATIVE, variant->native, out.rep.ret, out.rep.err);
	assert_getpid(_metadata, SCT_ABI_COMPAT, variant->compat, call.ret, call.err);
	sct_filter_free(h.filter);
}

/*
 * seccomp(2) from the compat program: seccomp_prepare_user_filter reads a
 * struct compat_sock_fprog (in_compat_syscall), and the filter it installs
 * judges the program's own calls by the compat arch and numbers: getppid
 * is its ERRNO, getpid (and the helper's write and exit) pass the arch check.
 */
TEST(compat_program_installs_its_own_filter)
{
	long getppid32 = nr_of(SCT_ABI_COMPAT, "getppid");
	struct helper_run h = { .native_nr = -1, .n = 2 };
	struct helper_call calls[2];
	struct sct_outcome out;
	char spec[64];

	REQUIRE_HELPER(h.path);
	snprintf(spec, sizeof(spec), "%#x:%ld:%d", sct_arch_native()->compat_audit_arch,
		 getppid32, E_DENY);
	h.own_filter = spec;
	h.nrs[0] = getppid32;
	h.nrs[1] = nr_of(SCT_ABI_COMPAT, "getpid");
	h.filter = sct_filter_ret(SECCOMP_RET_ALLOW);
	run_helper(_metadata, &h, &out, calls);
	EXPECT_EQ(0, h.own_ret) TH_LOG("the compat seccomp(2): errno %d", h.own_err);
	EXPECT_EQ(-1, calls[0].ret);
	EXPECT_EQ(E_DENY, calls[0].err) TH_LOG("getppid: errno %d (%d: not the compat arch)",
					       calls[0].err, E_DENY + 1);
	EXPECT_LT(0, calls[1].ret) TH_LOG("getpid: errno %d", calls[1].err);
	sct_filter_free(h.filter);
}

/* The compat program's seccomp(2) with an unmapped struct compat_sock_fprog:
 * EFAULT (copy_from_user of the compat struct); its calls go on unfiltered. */
TEST(compat_program_filter_at_a_bad_address_efault)
{
	struct helper_run h = { .native_nr = -1, .n = 1, .own_filter = "fault" };
	struct helper_call call;
	struct sct_outcome out;

	REQUIRE_HELPER(h.path);
	h.nrs[0] = nr_of(SCT_ABI_COMPAT, "getpid");
	h.filter = sct_filter_ret(SECCOMP_RET_ALLOW);
	run_helper(_metadata, &h, &out, &call);
	EXPECT_EQ(-1, h.own_ret);
	EXPECT_EQ(EFAULT, h.own_err);
	EXPECT_LT(0, call.ret) TH_LOG("getpid after the refused filter: errno %d", call.err);
	sct_filter_free(h.filter);
}

/* The compat program's calls reach the filter as compat numbers with the
 * compat audit arch (AUDIT_ARCH_I386, AUDIT_ARCH_ARM): TRAP's siginfo, seen
 * by the helper's own handler. */
TEST(compat_program_trap_names_compat_arch_and_number)
{
	long getppid32 = nr_of(SCT_ABI_COMPAT, "getppid");
	struct helper_run h = { .native_nr = -1, .n = 2 };
	struct helper_call calls[2];
	struct sct_outcome out;

	REQUIRE_HELPER(h.path);
	h.nrs[0] = getppid32;
	h.nrs[1] = nr_of(SCT_ABI_COMPAT, "getpid");
	h.filter = filter_rule(sct_arch_native()->compat_audit_arch, (uint32_t)getppid32,
			       SECCOMP_RET_TRAP | 77, SECCOMP_RET_ALLOW);
	run_helper(_metadata, &h, &out, calls);
	ASSERT_EQ(1, calls[0].trapped) TH_LOG("compat getppid returned %ld errno %d, not trapped",
					      calls[0].ret, calls[0].err);
	EXPECT_EQ(sct_arch_native()->compat_audit_arch, calls[0].trap_arch);
	EXPECT_EQ(getppid32, calls[0].trap_nr);
	EXPECT_EQ(77, calls[0].trap_errno);
	/* the next call, not matched, runs normally */
	EXPECT_EQ(0, calls[1].trapped);
	EXPECT_LT(1, calls[1].ret);
	sct_filter_free(h.filter);
}

/* The arch check kills the compat program at its first call (the 64-bit
 * parent's execve was native, and allowed). */
TEST(compat_program_killed_by_the_arch_check)
{
	struct helper_run h = { .native_nr = -1, .n = 1 };
	struct sct_outcome out;

	REQUIRE_HELPER(h.path);
	h.nrs[0] = nr_of(SCT_ABI_COMPAT, "getpid");
	h.filter = sct_filter_new();
	ASSERT_NE(NULL, h.filter);
	sct_check_arch(h.filter, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ret(h.filter, SECCOMP_RET_ALLOW);
	run_helper(_metadata, &h, &out, NULL);
	ASSERT_EQ(2, out.rep.stage) TH_LOG("the 64-bit child did not reach execve");
	ASSERT_KILLED_BY(out, SIGSYS);
	sct_filter_free(h.filter);
}

/* ---- x32 numbers ------------------------------------------------------------ */

/* seccomp runs before the dispatcher: whether or not the kernel has x32,
 * the filter sees nr with __X32_SYSCALL_BIT and may answer it. */
FIXTURE(x32_nr) {};
FIXTURE_VARIANT(x32_nr) {
	enum sct_abi match;	/* the rule matches getpid's number on this ABI */
	enum sct_abi probe;	/* getpid is called on this one */
};
FIXTURE_VARIANT_ADD(x32_nr, x32_rule_denies_x32_call) {
	.match = SCT_ABI_X32, .probe = SCT_ABI_X32 };
/* the bit is part of the number: a rule on 39 does not match 0x40000027 */
FIXTURE_VARIANT_ADD(x32_nr, native_rule_misses_x32_call) {
	.match = SCT_ABI_NATIVE, .probe = SCT_ABI_X32 };
FIXTURE_VARIANT_ADD(x32_nr, x32_rule_misses_native_call) {
	.match = SCT_ABI_X32, .probe = SCT_ABI_NATIVE };
FIXTURE_SETUP(x32_nr) {}
FIXTURE_TEARDOWN(x32_nr) {}

TEST_F(x32_nr, reaches_filter_with_the_bit_set)
{
	struct sct_filter *f;
	struct sct_observation obs;
	bool rule_hits = variant->match == variant->probe;

	REQUIRE_ABI(SCT_ABI_X32);
	f = filter_rule(sct_arch_native()->audit_arch, wire_nr(variant->match, "getpid"),
			SECCOMP_RET_ERRNO | E_DENY, SECCOMP_RET_ALLOW);
	observe_call(_metadata, f, variant->probe, "getpid", &obs);
	if (rule_hits)
		ASSERT_SEEN(obs, SCT_SEEN_ERRNO, E_DENY);
	else if (variant->probe == SCT_ABI_X32 && !sct_have(SCT_F_X32))
		ASSERT_SEEN(obs, SCT_SEEN_ERRNO, ENOSYS);	/* allowed, then no x32 table */
	else	/* allowed: a native call, or x32 on a CONFIG_X86_X32_ABI kernel */
		ASSERT_SEEN(obs, SCT_SEEN_RAN, SCT_ANY);
	sct_filter_free(f);
}

/* The libseccomp idiom: on x86_64, JSET __X32_SYSCALL_BIT catches every
 * x32 number at once and leaves native calls alone. */
TEST(x32_jset_bit_denies_x32_only)
{
	struct sct_filter *f = sct_filter_new();
	sct_label x32 = sct_label_new(f);
	struct sct_observation obs;

	REQUIRE_ABI(SCT_ABI_X32);
	sct_ld_nr(f);
	sct_jset(f, sct_arch_native()->x32_bit, x32, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, x32);
	sct_ret(f, SECCOMP_RET_ERRNO | E_DENY);
	observe_call(_metadata, f, SCT_ABI_X32, "getppid", &obs);
	ASSERT_SEEN(obs, SCT_SEEN_ERRNO, E_DENY);
	observe_call(_metadata, f, SCT_ABI_NATIVE, "getppid", &obs);
	ASSERT_SEEN(obs, SCT_SEEN_RAN, getpid());
	sct_filter_free(f);
}

/* An allowed x32 call on a kernel without x32 fails in the dispatcher. */
TEST(x32_allowed_call_is_enosys_without_x32_abi)
{
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	struct sct_observation obs;

	REQUIRE_ABI(SCT_ABI_X32);
	if (sct_have(SCT_F_X32))
		SKIP(return, "CONFIG_X86_X32_ABI is enabled here (x32 getpid ran): an allowed "
		     "x32 call runs instead of failing with ENOSYS");
	observe_call(_metadata, f, SCT_ABI_X32, "getpid", &obs);
	ASSERT_SEEN(obs, SCT_SEEN_ERRNO, ENOSYS);
	sct_filter_free(f);
}

/* ---- the constant-action cache does not leak across arches ---------------- */

/*
 * The filter allows one arch wholesale (a cacheable ALLOW for every number
 * of that arch) and denies the probe on the other. The warm-up makes the
 * allowed call many times first; the probe must still meet the filter.
 * The same-number rows are the interesting ones: on x86_64 native getpid
 * is 39 and i386 39 is mkdir (called with a NULL path: EFAULT if it ran);
 * on arm64 native getpid is 172 and arm 172 is prctl (option 0: EINVAL).
 */
#define WARM_CALLS 2000

FIXTURE(cache) {};
FIXTURE_VARIANT(cache) {
	enum sct_abi allowed;		/* the arch allowed wholesale */
	enum sct_abi warm;
	const char *warm_call;
	enum sct_abi probe;
	const char *probe_call;
	bool same_nr;			/* the row needs both calls to share a number */
};
FIXTURE_VARIANT_ADD(cache, native_warm_compat_getpid_denied) {
	.allowed = SCT_ABI_NATIVE, .warm = SCT_ABI_NATIVE, .warm_call = "getpid",
	.probe = SCT_ABI_COMPAT, .probe_call = "getpid" };
FIXTURE_VARIANT_ADD(cache, native_warm_compat_same_nr_denied) {
	.allowed = SCT_ABI_NATIVE, .warm = SCT_ABI_NATIVE, .warm_call = "getpid",
	.probe = SCT_ABI_COMPAT, .probe_call = GETPID_TWIN, .same_nr = true };
FIXTURE_VARIANT_ADD(cache, compat_warm_native_same_nr_denied) {
	.allowed = SCT_ABI_COMPAT, .warm = SCT_ABI_COMPAT, .warm_call = GETPID_TWIN,
	.probe = SCT_ABI_NATIVE, .probe_call = "getpid", .same_nr = true };
/* x32 numbers are past the bitmap: never cached (seccomp_cache_check_allow_bitmap) */
FIXTURE_VARIANT_ADD(cache, native_warm_x32_getpid_denied) {
	.allowed = SCT_ABI_NATIVE, .warm = SCT_ABI_NATIVE, .warm_call = "getpid",
	.probe = SCT_ABI_X32, .probe_call = "getpid" };
FIXTURE_SETUP(cache) {}
FIXTURE_TEARDOWN(cache) {}

/*
 * allowed == NATIVE: native arch -> ALLOW unless the nr has the x32 bit;
 *                    every other arch -> ERRNO.
 * allowed == COMPAT: compat arch -> ALLOW; native: the probe's nr -> ERRNO,
 *                    the rest ALLOW (the 64-bit child must keep working).
 */
static struct sct_filter *cache_filter(const FIXTURE_VARIANT(cache) *v)
{
	const struct sct_arch *a = sct_arch_native();
	struct sct_filter *f;
	sct_label deny;

	if (v->allowed == SCT_ABI_COMPAT)
		return filter_rule(a->audit_arch, wire_nr(v->probe, v->probe_call),
				   SECCOMP_RET_ERRNO | E_DENY, SECCOMP_RET_ALLOW);
	f = sct_filter_new();
	deny = sct_label_new(f);
	sct_ld_arch(f);
	sct_jeq(f, a->audit_arch, SCT_NEXT, deny);
	if (a->x32_bit) {
		sct_ld_nr(f);
		sct_jset(f, a->x32_bit, deny, SCT_NEXT);
	}
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | E_DENY);
	return f;
}

struct cache_run {
	struct sct_filter *filter;
	enum sct_abi warm, probe;
	long warm_nr, probe_nr;
};

struct arch_cache_report {
	long warm_ret;
	long warm_err;
};

static int cache_child(struct sct_report *rep, void *p)
{
	static const long zero[6];
	struct cache_run *c = p;
	long ret = sct_install_filter(c->filter, 0);

	if (ret < 0) {
		errno = (int)-ret;
		return sct_report_broken(rep, "install the filter");
	}
	rep->stage = 1;
	for (int i = 0; i < WARM_CALLS; i++)
		ret = sct_abi_syscall(c->warm, c->warm_nr, zero);
	SCT_REPORT(rep, struct arch_cache_report)->warm_ret = ret;
	SCT_REPORT(rep, struct arch_cache_report)->warm_err = ret == -1 ? errno : 0;
	rep->stage = 2;
	rep->ret = sct_abi_syscall(c->probe, c->probe_nr, zero);
	rep->err = rep->ret == -1 ? errno : 0;
	rep->stage = 3;
	return 0;
}

TEST_F(cache, allow_for_one_arch_does_not_answer_another)
{
	struct cache_run c = {
		.warm = variant->warm, .probe = variant->probe,
		.warm_nr = nr_of(variant->warm, variant->warm_call),
		.probe_nr = nr_of(variant->probe, variant->probe_call),
	};
	struct sct_outcome out;

	REQUIRE_ABI(variant->warm);
	REQUIRE_ABI(variant->probe);
	ASSERT_LE(0, c.warm_nr);
	ASSERT_LE(0, c.probe_nr);
	if (variant->same_nr && wire_nr(variant->warm, variant->warm_call) !=
				wire_nr(variant->probe, variant->probe_call))
		SKIP(return, "on %s, %s %s and %s %s have different numbers",
		     sct_arch_native()->name, sct_abi_name(variant->warm), variant->warm_call,
		     sct_abi_name(variant->probe), variant->probe_call);
	c.filter = cache_filter(variant);
	ASSERT_EQ(0, sct_run_child(cache_child, &c, 0, &out));
	ASSERT_EXITED(out, 0);
	/* the warm-up was allowed */
	ASSERT_NE(E_DENY, SCT_REPORT(&out.rep, struct arch_cache_report)->warm_err);
	ASSERT_EQ(-1, out.rep.ret) {
		TH_LOG("%s %s ran after %d allowed %s %s calls (returned %ld): "
		       "an ALLOW of another arch answered it", sct_abi_name(variant->probe),
		       variant->probe_call, WARM_CALLS, sct_abi_name(variant->warm),
		       variant->warm_call, out.rep.ret);
	}
	ASSERT_EQ(E_DENY, out.rep.err);
	sct_filter_free(c.filter);
}

/*
 * The same with the compat call made by the compat program, after its
 * 64-bit parent's native warm-up under the same filter: the only way on
 * arm64. Compat calls other than the probe are allowed (the program has to
 * start); only rows whose compat call comes second can be run this way.
 */
TEST_F(cache, compat_program_meets_the_filter)
{
	const struct sct_arch *a = sct_arch_native();
	struct helper_run h = { .native_times = WARM_CALLS, .n = 1 };
	struct helper_call call;
	struct sct_outcome out;
	struct sct_filter *f;
	sct_label compat, deny;

	if (variant->probe != SCT_ABI_COMPAT)
		SKIP(return, "this row's probe is a %s call, not the compat program's",
		     sct_abi_name(variant->probe));
	if (variant->warm != SCT_ABI_NATIVE)
		SKIP(return, "the compat program's calls can only follow native ones, "
		     "and this row warms up with %s calls", sct_abi_name(variant->warm));
	REQUIRE_HELPER(h.path);
	h.native_nr = nr_of(variant->warm, variant->warm_call);
	h.nrs[0] = nr_of(variant->probe, variant->probe_call);
	ASSERT_LE(0, h.native_nr);
	ASSERT_LE(0, h.nrs[0]);
	if (variant->same_nr && h.native_nr != h.nrs[0])
		SKIP(return, "on %s, native %s and compat %s have different numbers",
		     a->name, variant->warm_call, variant->probe_call);
	h.filter = f = sct_filter_new();
	ASSERT_NE(NULL, f);
	compat = sct_label_new(f);
	deny = sct_label_new(f);
	sct_ld_arch(f);
	sct_jeq(f, a->audit_arch, SCT_NEXT, compat);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, compat);
	sct_jeq(f, a->compat_audit_arch, SCT_NEXT, deny);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)h.nrs[0], deny, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | E_DENY);
	run_helper(_metadata, &h, &out, &call);
	ASSERT_NE(E_DENY, out.rep.err) TH_LOG("the native warm-up was denied");
	ASSERT_EQ(-1, call.ret) {
		TH_LOG("compat %s ran after %d allowed native %s calls (returned %ld): "
		       "an ALLOW of another arch answered it", variant->probe_call, WARM_CALLS,
		       variant->warm_call, call.ret);
	}
	ASSERT_EQ(E_DENY, call.err);
	sct_filter_free(f);
}

SCT_SUITE_MAIN("Architectures: the audit arch of native, compat (int $0x80, a real "
	       "i386 or AArch32 program) and x32 calls; per-arch syscall numbers; x32 numbers in "
	       "filters; the constant-action cache kept per arch.")
