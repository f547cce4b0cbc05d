// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_probe_static - a workload with known syscalls for the self-test of
 * seccomp-profile trace (tests/seccomp_profile_trace_test.sh). Static (libc
 * only), so its start-up makes no loader calls.
 *
 * With no argument it calls getpid 1 time in the main thread, 2 times in a
 * second thread, 4 times in a forked child which then execs this program
 * with "exec", which calls it 16 times, and 8 times in a vforked child: 31
 * in all, and a trace that missed one of them counts a different total.
 * Three processes (main, fork, vfork), four threads, two execve (the
 * trace's and the child's), one exit (the thread) and three exit_group
 * (main, the exec'd child, the vfork child).
 *
 * "segv" dies of SIGSEGV; "child-segv" forks a child that does, waits for
 * it and exits 0. "thread": only a second thread calls getpid, twice, and
 * the program exits 0 once it is gone (however it went). "thread-exec": a
 * second thread execs "exec" (the exec'd image takes over the process's
 * pid). "sigsys": one
 * getpid with a SIGSYS handler that prints what seccomp's TRAP tells it:
 * "sigsys code C syscall NR errno E".
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* the raw call: nothing in libc caches or adds to it */
static void getpids(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static const char *self_name;

static void *thread_exec(void *arg)
{
	char *args[] = { (char *)self_name, "exec", NULL };

	(void)arg;
	execv("/proc/self/exe", args);
	_exit(127);
}

static void *thread_main(void *arg)
{
	(void)arg;
	getpids(2);
	return NULL;
}

static volatile sig_atomic_t trapped;
static siginfo_t trap_info;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	trap_info = *si;
	trapped = 1;
}

static void segv(void)
{
	volatile int *volatile nowhere = NULL;	/* the compiler cannot drop the fault */

	signal(SIGSEGV, SIG_DFL);
	*nowhere = 1;
	_exit(3);	/* not reached */
}

int main(int argc, char **argv)
{
	pthread_t th;
	pid_t pid;
	int st;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: %s [exec|segv|child-segv|thread|thread-exec|sigsys]\n"
		       "  known calls for seccomp-profile trace's self-test (see the source)\n",
		       argv[0]);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		getpids(16);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "segv"))
		segv();
	if (argc > 1 && !strcmp(argv[1], "child-segv")) {
		pid = fork();
		if (!pid)
			segv();
		return pid < 0 || waitpid(pid, &st, 0) != pid ? 1 : 0;
	}
	if (argc > 1 && !strcmp(argv[1], "thread"))
		return pthread_create(&th, NULL, thread_main, NULL) || pthread_join(th, NULL);
	if (argc > 1 && !strcmp(argv[1], "thread-exec")) {
		self_name = argv[0];
		if (pthread_create(&th, NULL, thread_exec, NULL))
			return 1;
		pause();	/* the exec ends this thread */
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "sigsys")) {
		struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };

		sigaction(SIGSYS, &sa, NULL);
		getpids(1);
		if (!trapped)
			return 1;
		printf("sigsys code %d syscall %d errno %d\n", trap_info.si_code,
		       trap_info.si_syscall, trap_info.si_errno);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "trace_probe_static: unknown mode \"%s\" (see --help)\n", argv[1]);
		return 2;
	}
	getpids(1);
	if (pthread_create(&th, NULL, thread_main, NULL) || pthread_join(th, NULL))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		char *args[] = { argv[0], "exec", NULL };

		getpids(4);
		execv("/proc/self/exe", args);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 1;
	pid = vfork();
	if (pid < 0)
		return 1;
	if (!pid) {
		getpids(8);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 1;
	return 0;
}
