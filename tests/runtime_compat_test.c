// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime_compat_test - a 32-bit program in a container (issue 15): the
 * compat ABI's static probe (suites/helpers/arch_probe_compat, i386 on
 * x86_64, AArch32 on arm64) makes a fixed list of calls, once under the
 * program our compiler builds from Docker's default profile for a runtime
 * model (installed by us with no_new_privs, then exec), once as the
 * process of a real container under the same profile (crun, runc). Each
 * call must succeed or fail with the same errno in both. The list mixes
 * calls the profile allows (the kernel's own errors then show, e.g. EFAULT
 * for NULL pointers), calls it denies (EPERM), multiplexed calls on i386,
 * and numbers above the profile's highest (runc's stub gives ENOSYS).
 * Every argument is 0, so no call changes anything outside the probe.
 * SKIPs without the runtime, root, the compat probe or a compat ABI.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "suite.h"
#include "bundle.h"
#include "install.h"
#include "layout.h"
#include "profile.h"
#include "runtime.h"

/* Names libseccomp resolves on the compat arch (its token is the audit
 * arch); the ones a compat ABI lacks are left out of its list. With all-zero arguments each is
 * harmless: denied, or failing on a NULL pointer/invalid value, or a
 * query (getpid, personality(0) reads the persona). */
static const char *const calls[] = {
	"getpid", "getppid", "getuid", "personality", "umask", "chroot", "kexec_load", "mount",
	"umount2", "unshare", "setns", "keyctl", "add_key", "request_key", "bpf",
	"perf_event_open", "acct", "swapon", "syslog", "quotactl", "pivot_root", "uselib",
	"userfaultfd", "open_by_handle_at", "init_module", "delete_module", "iopl", "ioperm",
	"clock_settime", "settimeofday", "socketcall", "ipc", "socket", "mbind", "move_pages",
	"set_mempolicy", "get_mempolicy", "lookup_dcookie", "vm86", "nfsservctl", "ptrace",
	"process_vm_readv", "name_to_handle_at", "fsopen", "open_tree", "mount_setattr",
};
/* Numbers without a name: above the profile's highest (runc's stub) */
static const long unnamed[] = { 470, 1000, 4000 };

#define OUT_MAX 16384
#define TIMEOUT_MS 20000

struct probe_run {
	char argv_buf[64][16];
	const char *argv[66];		/* "/init", the numbers, NULL */
	size_t n;			/* numbers */
};

static void make_list(struct probe_run *pr)
{
	pr->n = 0;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		int nr = seccomp_syscall_resolve_name_arch(sct_arch_native()->compat_audit_arch,
							   calls[i]);

		if (nr >= 0)
			snprintf(pr->argv_buf[pr->n++], sizeof(pr->argv_buf[0]), "%d", nr);
	}
	for (size_t i = 0; i < sizeof(unnamed) / sizeof(unnamed[0]); i++)
		snprintf(pr->argv_buf[pr->n++], sizeof(pr->argv_buf[0]), "%ld", unnamed[i]);
	pr->argv[0] = "/init";
	for (size_t i = 0; i < pr->n; i++)
		pr->argv[i + 1] = pr->argv_buf[i];
	pr->argv[pr->n + 1] = NULL;
}

/* Run probe argv under prog (no_new_privs, then exec); its stdout in out. */
static int run_ours(const char *probe, const struct probe_run *pr, const struct sock_fprog *prog,
		    char *out, size_t outlen, int *status)
{
	const char *argv[68] = { probe };
	size_t used = 0;
	int fds[2];
	pid_t pid;

	for (size_t i = 1; i <= pr->n + 1; i++)
		argv[i] = pr->argv[i];
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		dup2(fds[1], 1);
		if (sct_set_nnp() || sct_install(prog, 0))
			_exit(125);
		execv(probe, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, TIMEOUT_MS) <= 0)
			break;
		n = read(fds[0], out + used, outlen - 1 - used);
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	out[used] = 0;
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return 0;
}

/* The "<nr> <ret> <errno>" lines as "nr:ok" or "nr:E<errno>", one string. */
static void outcomes(const char *out, char *buf, size_t len)
{
	const char *line = out;
	size_t used = 0;

	buf[0] = 0;
	while (line && *line) {
		long nr, ret, err;

		if (sscanf(line, "%ld %ld %ld", &nr, &ret, &err) == 3 && used < len)
			used += (size_t)snprintf(buf + used, len - used, ret < 0 ? "%ld:E%ld " : "%ld:ok ",
						 nr, err);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

FIXTURE(compat) {
	json_object *sec;
	struct sct_ruleset *rs;
	struct sock_fprog prog;
};

FIXTURE_VARIANT(compat) {
	const char *runtime;
	enum sct_profile_runtime model;
};
FIXTURE_VARIANT_ADD(compat, crun) { .runtime = "crun", .model = SCT_PROFILE_CRUN };
FIXTURE_VARIANT_ADD(compat, runc) { .runtime = "runc", .model = SCT_PROFILE_RUNC };

FIXTURE_SETUP(compat)
{
	self->sec = NULL;
	self->rs = NULL;
	self->prog.filter = NULL;
}

FIXTURE_TEARDOWN(compat)
{
	free(self->prog.filter);
	sct_ruleset_free(self->rs);
	if (self->sec)
		json_object_put(self->sec);
}

/* Ours in every layout (they must all agree), theirs once. */
TEST_F_TIMEOUT(compat, docker_default_same_outcomes, 60)
{
	struct sct_profile_opts po = { .runtime = variant->model };
	struct sct_rt_opts ro = { .runtime = variant->runtime, .timeout_ms = TIMEOUT_MS / 2 };
	static char ours[OUT_MAX], theirs[OUT_MAX], a[OUT_MAX], b[OUT_MAX];
	char path[1024], probe[1024], err[512], why[256];
	struct probe_run pr;
	int st_ours, st_theirs;

	if (sct_rt_available(variant->runtime, err, sizeof(err)))
		SKIP(return, "%s", err);
	if (!sct_arch_native()->compat_audit_arch)
		SKIP(return, "%s has no compat ABI", sct_arch_native()->name);
	if (sct_rt_find_helper("arch_probe_compat", NULL, probe, sizeof(probe)))
		SKIP(return, "arch_probe_compat not built (no compat compiler)");
	if (SCT_PROFILE_FIND("docker-default.json", path))
		SKIP(return, "%s", path);
	ASSERT_EQ(0, sct_profile_load(path, &po, &self->rs, NULL, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, sct_bundle_seccomp(path, NULL, &self->sec, err, sizeof(err))) TH_LOG("%s", err);
	make_list(&pr);
	ro.seccomp = self->sec;
	ro.init = probe;
	ASSERT_EQ(0, sct_rt_exec(&ro, pr.argv, theirs, sizeof(theirs), &st_theirs, err, sizeof(err)))
		TH_LOG("%s", err);
	/* the probe exits 0 once every line is written: it ran to the end */
	ASSERT_EQ(0, st_theirs) TH_LOG("%s: %s", variant->runtime, theirs);
	outcomes(theirs, b, sizeof(b));
	ksft_print_msg("%s: %zu calls: %s\n", variant->runtime, pr.n, b);
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
		free(self->prog.filter);
		self->prog.filter = NULL;
		ASSERT_EQ(0, sct_layout_build((enum sct_layout)l, self->rs, &self->prog, why, sizeof(why)))
			TH_LOG("%s", why);
		ASSERT_EQ(0, run_ours(probe, &pr, &self->prog, ours, sizeof(ours), &st_ours));
		ASSERT_TRUE(WIFEXITED(st_ours)) TH_LOG("%s: killed by %d", sct_layout_name(l),
						       WTERMSIG(st_ours));
		ASSERT_EQ(0, WEXITSTATUS(st_ours)) TH_LOG("%s: %s", sct_layout_name(l), ours);
		outcomes(ours, a, sizeof(a));
		EXPECT_STREQ(b, a) TH_LOG("layout %s", sct_layout_name(l));
	}
}

SCT_SUITE_MAIN("Live: a compat-ABI program under Docker's profile, compiled by us vs installed by crun/runc.")
