// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch_probe_compat - a static program of the compat ABI (i386 on x86_64,
 * AArch32 on arm64: the Makefile's COMPAT_CC) that arch_test execs under a
 * filter its 64-bit parent installed (with no_new_privs) before execve.
 *
 * Usage: arch_probe_compat [-f ARCH:NR:ERRNO|fault] NR...
 * With -f it first installs, through its own compat seccomp(2) (a struct
 * compat_sock_fprog), a filter: seccomp_data.arch other than ARCH ->
 * ERRNO(ERRNO + 1), number NR -> ERRNO(ERRNO), the rest ALLOW; and prints
 * "installed <ret> <errno>". It relies on no_new_privs from its parent.
 * With -f fault it passes seccomp(2) an unmapped program address instead.
 * For each NR it makes that compat syscall with all arguments 0 and prints
 * one line on stdout:
 *	<nr> <ret> <errno> <trapped> <si_arch hex> <si_syscall> <si_errno>
 * ret/errno as syscall(3) returns them; the si_* fields come from a SIGSYS
 * handler (seccomp's TRAP) and are 0 when the call was not trapped.
 * Exit status 0 when every line was written, 2 on a usage error.
 *
 * Only libc: this runs without the suite's library, and every syscall it
 * makes (startup, write, exit_group) goes through the parent's filter.
 * Callers pick harmless numbers (getpid, getppid, mkdir(NULL) -> EFAULT).
 * Plain C with libc's syscall(): the same source for every compat ABI.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* Install the -f filter; prints the "installed" line. 0, or 2 on bad text. */
static int install_own(const char *spec)
{
	unsigned int arch, nr, err;
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(insns) / sizeof(insns[0]), .filter = insns };
	char line[64];
	long ret;
	int len;

	if (!strcmp(spec, "fault")) {
		ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (void *)8);
		goto print;
	}
	if (sscanf(spec, "%i:%i:%i", &arch, &nr, &err) != 3 || err >= SECCOMP_RET_DATA)
		return 2;
	insns[1].k = arch;
	insns[2].k = SECCOMP_RET_ERRNO | (err + 1);
	insns[4].k = nr;
	insns[5].k = SECCOMP_RET_ERRNO | err;
	ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
print:
	len = snprintf(line, sizeof(line), "installed %ld %d\n", ret, ret == -1 ? errno : 0);
	return write(1, line, len) == len ? 0 : 1;
}

static volatile sig_atomic_t trapped;
static volatile unsigned int trap_arch;
static volatile int trap_syscall, trap_errno;

static void on_sigsys(int sig, siginfo_t *si, void *uctx)
{
	(void)sig;
	(void)uctx;
	trap_arch = si->si_arch;
	trap_syscall = si->si_syscall;
	trap_errno = si->si_errno;
	trapped = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	int first = 1, r;

	if (argc > 2 && !strcmp(argv[1], "-f")) {
		r = install_own(argv[2]);
		if (r == 2)
			fprintf(stderr, "%s: not ARCH:NR:ERRNO: %s\n", argv[0], argv[2]);
		if (r)
			return r;
		first = 3;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: %s [-f ARCH:NR:ERRNO|fault] NR...\n", argv[0]);
		return 2;
	}
	if (sigaction(SIGSYS, &sa, NULL))
		return 2;
	for (int i = first; i < argc; i++) {
		char *end, line[128];
		long nr = strtol(argv[i], &end, 0), ret;
		int err, len;

		if (*end || end == argv[i]) {
			fprintf(stderr, "%s: not a syscall number: %s\n", argv[0], argv[i]);
			return 2;
		}
		trapped = 0;
		trap_arch = 0;
		trap_syscall = trap_errno = 0;
		errno = 0;
		ret = syscall(nr, 0, 0, 0, 0, 0, 0);
		err = ret == -1 ? errno : 0;
		len = snprintf(line, sizeof(line), "%ld %ld %d %d 0x%x %d %d\n", nr, ret, err,
			       (int)trapped, trap_arch, trap_syscall, trap_errno);
		if (write(1, line, len) != len)
			return 1;
	}
	return 0;
}
