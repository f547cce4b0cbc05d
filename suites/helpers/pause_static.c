// SPDX-License-Identifier: GPL-2.0-only
/*
 * pause_static - a container's init that only waits: the process a live
 * runtime cross-check (lib/runtime.h) starts under the runtime's seccomp
 * filter and reads the filter back from. Static (libc only), so a rootfs
 * needs nothing else; as PID 1 it would ignore SIGTERM without a handler,
 * so SIGTERM and SIGINT end it.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void done(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: %s\n  wait until SIGTERM, SIGINT or SIGKILL (a container's init)\n",
		       argv[0]);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "pause_static: no arguments expected (see --help)\n");
		return 2;
	}
	signal(SIGTERM, done);
	signal(SIGINT, done);
	for (;;)
		sleep(3600);
}
