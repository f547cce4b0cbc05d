/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * inherit.h - what the inherit_* suites share: the helpers they exec, temp
 * dirs to exec from, the filters whose inheritance they follow, and the
 * capture of an exec'd helper's report (suites/helpers/inherit_report.h).
 */
#ifndef SCT_INHERIT_H
#define SCT_INHERIT_H

#include <stddef.h>
#include <sys/types.h>

#include "install.h"
#include "probe.h"

#define SCT_HELPER_DYNAMIC "inherit_probe"
#define SCT_HELPER_STATIC "inherit_probe_static"

/* Children of a case end within this. */
#define CASE_TIMEOUT_MS 3000
#define NOBODY 65534
#define NEEDS_NOTHING SCT_F_COUNT	/* a variant's .needs: no feature */

/* Path of a helper built beside this program; -errno when it is missing. */
int sct_helper_path(const char *name, char *buf, size_t len);

/* For harness programs only: fail the case when the helper is missing. */
#define ASSERT_HELPER(name, buf) do {						\
	int _e = sct_helper_path((name), (buf), sizeof(buf));			\
	ASSERT_EQ(0, _e) TH_LOG("helper %s: %s (build it: make build/suites/%s)", \
				(buf), strerror(-_e), (name));			\
} while (0)

/*
 * A fresh temp dir (mode 0755, so an unprivileged uid can exec from it) on
 * the first of $TMPDIR, /tmp, /var/tmp whose filesystem has none of
 * `bad_flags` (ST_NOEXEC, ST_NOSUID). 0, or -ENOENT when none qualifies.
 */
int sct_make_tmpdir(char *dir, size_t len, unsigned long bad_flags);
/* Remove a temp dir made by sct_make_tmpdir and the one file put in it. */
void sct_remove_tmpdir(const char *dir, const char *file);
/* Write `text` to path with `mode`; 0 or -errno. */
int sct_write_file(const char *path, const char *text, mode_t mode);

/* errno of getppid, 0 when it ran (as the helpers measure it). */
long sct_getppid_errno(void);

/*
 * The filters the inheritance cases install, in this order: getppid ->
 * ERRNO(INHERIT_DENIED), then one that allows everything. Two, so that a
 * count of 2 in /proc/PID/status cannot come from anything else.
 */
#define SCT_INHERITED_FILTERS 2
/* Seccomp_filters of this (unfiltered) process, normally 0; -1: not shown. */
long sct_filters_before(void);
/* no_new_privs, then the inherited filters through `entry`; 0 or -errno. */
int sct_enter_inherited(enum sct_entry entry);

/* Report of an exec'd program: its stdout, read once the child has ended. */
struct sct_capture {
	int fd[2];
	char text[8192];
};

int sct_capture_open(struct sct_capture *c);
/* In the child: the capture pipe becomes stdout (dup2 clears CLOEXEC). */
int sct_capture_as_stdout(const struct sct_capture *c);
/* In the parent after the child ended: read what it wrote, close the pipe. */
void sct_capture_close(struct sct_capture *c);

/* Value of `key` in a helper's report, or `missing`. */
long sct_report_value(const char *text, const char *key, long missing);
#define SCT_NOT_REPORTED (-99999L)

/* Wait for a process descendant; 0 when it exited 0. */
int sct_reap(pid_t pid);
/*
 * The result of a fork-like call (fork, raw clone or clone3 without a new
 * stack): the child leaves at once with 0; the parent reaps it. 0, or -1
 * when the call or the child failed.
 */
int sct_fork_like(long pid);
#endif
