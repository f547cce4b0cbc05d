// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp_profile_load_test - the raw program `seccomp-profile compile
 * --format bpf` writes is what a bwrap --seccomp FD caller installs: 8 bytes
 * per instruction, accepted by prctl(PR_SET_SECCOMP) in a fresh child, and
 * it decides there as the profile says (Docker's default: getppid and
 * uname allowed, personality(0x1234) and unshare(CLONE_NEWUSER) EPERM,
 * kexec_load, which no entry names, EPERM by defaultAction). One row per
 * layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "suite.h"
#include "child.h"
#include "install.h"
#include "layout.h"
#include "profile.h"

/* build/tests/<this> -> build/tools/seccomp-profile */
static int find_tool(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -errno;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	snprintf(buf, len, "%s/../tools/seccomp-profile", exe);
	return access(buf, X_OK) ? -ENOENT : 0;
}

/* Run the tool with argv (NULL-terminated); its exit status or -errno. */
static int run_tool(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

enum stage { STAGE_NNP = 1, STAGE_INSTALLED, STAGE_CALLED };

/* What the child saw under the program: err[i] = errno of call i (0 = ok). */
enum call { CALL_GETPPID, CALL_UNAME, CALL_PERSONALITY, CALL_UNSHARE_USERNS, CALL_KEXEC, NCALLS };
struct load_report {
	long err[NCALLS];
};

static int child(struct sct_report *rep, void *arg)
{
	const struct sock_fprog *prog = arg;
	struct utsname u;
	long r[NCALLS];

	if (sct_set_nnp())
		return sct_report_broken(rep, "PR_SET_NO_NEW_PRIVS");
	rep->stage = STAGE_NNP;
	rep->ret = sct_install_prctl(prog);
	if (rep->ret)
		return 1;
	rep->stage = STAGE_INSTALLED;
	errno = 0;
	r[CALL_GETPPID] = syscall(SYS_getppid) > 0 ? 0 : errno;
	r[CALL_UNAME] = uname(&u) ? errno : 0;
	r[CALL_PERSONALITY] = syscall(SYS_personality, 0x1234UL) == -1 ? errno : 0;
	r[CALL_UNSHARE_USERNS] = syscall(SYS_unshare, (unsigned long)CLONE_NEWUSER) == -1 ? errno : 0;
	r[CALL_KEXEC] = syscall(SYS_kexec_load, 0UL, 0UL, 0UL, 0UL) == -1 ? errno : 0;
	for (int i = 0; i < NCALLS; i++)
		SCT_REPORT(rep, struct load_report)->err[i] = r[i];
	rep->stage = STAGE_CALLED;
	return 0;
}

FIXTURE(bpf) {};
FIXTURE_SETUP(bpf) {}
FIXTURE_TEARDOWN(bpf) {}

FIXTURE_VARIANT(bpf) { enum sct_layout layout; };
FIXTURE_VARIANT_ADD(bpf, linear) { .layout = SCT_LAYOUT_LINEAR };
FIXTURE_VARIANT_ADD(bpf, linear_weight) { .layout = SCT_LAYOUT_LINEAR_WEIGHT };
FIXTURE_VARIANT_ADD(bpf, libseccomp_1) { .layout = SCT_LAYOUT_LIBSECCOMP_1 };
FIXTURE_VARIANT_ADD(bpf, libseccomp_2) { .layout = SCT_LAYOUT_LIBSECCOMP_2 };
FIXTURE_VARIANT_ADD(bpf, bst) { .layout = SCT_LAYOUT_BST };
FIXTURE_VARIANT_ADD(bpf, range_tree) { .layout = SCT_LAYOUT_RANGE_TREE };
FIXTURE_VARIANT_ADD(bpf, hybrid) { .layout = SCT_LAYOUT_HYBRID };
FIXTURE_VARIANT_ADD(bpf, weighted_optimal) { .layout = SCT_LAYOUT_OPTIMAL };

TEST_F(bpf, docker_default_installs_and_decides)
{
	char tool[PATH_MAX + 32], profile[PATH_MAX], out[] = "/tmp/sct-bpf-XXXXXX";
	struct sock_fprog prog = { 0 };
	struct sct_outcome oc;
	struct stat sb;
	int fd, rc;

	if (find_tool(tool, sizeof(tool)))
		SKIP(return, "tools/seccomp-profile not built beside this test (%.400s)", tool);
	rc = SCT_PROFILE_FIND("docker-default.json", profile) ? 1 : 0;
	SCT_SKIP_OR_ASSERT_OK(rc, "profiles/docker-default.json not found");
	fd = mkstemp(out);
	ASSERT_LE(0, fd);
	close(fd);
	{
		char *argv[] = { tool, "compile", profile, "--format", "bpf", "--layout",
				 (char *)sct_layout_name(variant->layout), "-o", out, NULL };

		rc = run_tool(argv);
	}
	fd = open(out, O_RDONLY);
	unlink(out);
	ASSERT_EQ(0, rc);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fstat(fd, &sb));
	/* struct sock_filter is 8 bytes; at most BPF_MAXINSNS of them */
	ASSERT_EQ(0, sb.st_size % 8);
	ASSERT_LT(0, sb.st_size);
	ASSERT_GE(4096 * 8, sb.st_size);
	prog.len = (unsigned short)(sb.st_size / 8);
	prog.filter = malloc((size_t)sb.st_size);
	ASSERT_NE(NULL, prog.filter);
	ASSERT_EQ(sb.st_size, read(fd, prog.filter, (size_t)sb.st_size));
	close(fd);

	ASSERT_EQ(0, sct_run_child(child, &prog, 0, &oc));
	free(prog.filter);
	ASSERT_EQ(SCT_END_EXITED, oc.end);
	ASSERT_EQ('\0', oc.rep.broken[0]) {
		TH_LOG("broken: %s", oc.rep.broken);
	}
	ASSERT_EQ(STAGE_CALLED, oc.rep.stage) {
		TH_LOG("prctl(PR_SET_SECCOMP) returned %ld", oc.rep.ret);
	}
	EXPECT_EQ(0, SCT_REPORT(&oc.rep, struct load_report)->err[CALL_GETPPID]);
	EXPECT_EQ(0, SCT_REPORT(&oc.rep, struct load_report)->err[CALL_UNAME]);
	EXPECT_EQ(EPERM, SCT_REPORT(&oc.rep, struct load_report)->err[CALL_PERSONALITY]);
	EXPECT_EQ(EPERM, SCT_REPORT(&oc.rep, struct load_report)->err[CALL_UNSHARE_USERNS]);
	EXPECT_EQ(EPERM, SCT_REPORT(&oc.rep, struct load_report)->err[CALL_KEXEC]);
}

SCT_SUITE_MAIN("tools/seccomp-profile's raw BPF output installs with prctl and decides as "
	       "the Docker default profile says, in every layout")
