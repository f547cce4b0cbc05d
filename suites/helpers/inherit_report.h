/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * inherit_report.h - what the inherit helpers print, shared by the helpers
 * (inherit_probe, inherit_probe_static) and suites/inherit_test.c.
 *
 * A helper prints "key:\tvalue" lines, then a copy of its own
 * /proc/self/status, so the test reads everything with sct_status_value().
 * Helpers use libc only here: the static one links nothing else.
 */
#ifndef INHERIT_REPORT_H
#define INHERIT_REPORT_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Errnos no syscall returns by itself: seeing one proves a filter answered. */
#define INHERIT_DENIED	3333	/* the filter the test installs before exec */
#define INHERIT_STACKED	3334	/* the filter the helper stacks on top ("stack") */

/* Keys of the helper's own lines (besides those of /proc/self/status). */
#define KEY_GETPPID_ERRNO	"getppid_errno"	/* 0 when getppid ran */
#define KEY_GETPGID_ERRNO	"getpgid_errno"
#define KEY_EUID		"euid"
#define KEY_START_FILTERS	"start_filters"	/* Seccomp_filters before "stack" */
#define KEY_SH_PPID		"sh_ppid"	/* $PPID of the shell script */

/* errno of a raw syscall with no arguments that matter, 0 when it ran. */
static inline int inherit_errno_of(long nr, long arg)
{
	return syscall(nr, arg) == -1 ? errno : 0;
}

/* Print the report: our lines, then /proc/self/status as it is. */
static inline int inherit_report(long start_filters)
{
	char buf[4096];
	ssize_t n;
	int fd;

	printf("%s:\t%d\n", KEY_GETPPID_ERRNO, inherit_errno_of(__NR_getppid, 0));
	printf("%s:\t%d\n", KEY_GETPGID_ERRNO, inherit_errno_of(__NR_getpgid, 0));
	printf("%s:\t%d\n", KEY_EUID, (int)geteuid());
	printf("%s:\t%ld\n", KEY_START_FILTERS, start_filters);
	fflush(stdout);
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, (size_t)n) != n)
			return 1;
	close(fd);
	return n < 0;
}

#endif
