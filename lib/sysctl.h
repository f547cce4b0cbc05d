/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl.h - read and write a sysctl file as text, and put it back the way
 * it was whatever happens to the test that changed it.
 *
 * The harness restores nothing when it kills a test on timeout: it kills
 * the test's whole process group, FIXTURE_TEARDOWN_PARENT's process
 * included. A guard is a process of its own, outside that group, that
 * waits for the test to end (normally or not) and writes the saved text
 * back. It holds an flock(2) on the sysctl file until it is done, and every
 * guard takes that lock first, so the next test never runs before the last
 * one's value is back, and two programs never change the file at once.
 */
#ifndef SCT_SYSCTL_H
#define SCT_SYSCTL_H

#include <stddef.h>
#include <sys/types.h>

/* The whole text of path, newline included, as one read(2): 0 or -errno. */
int sct_sysctl_read(const char *path, char *buf, size_t len);

/* text in one write(2) of strlen(text) bytes (zero bytes for ""): 0, or
 * -errno from open(2) or write(2). */
int sct_sysctl_write(const char *path, const char *text);

struct sct_sysctl_guard {
	char path[128];
	char saved[256];	/* the text read before the test, newline included */
	int lock_fd;		/* path, flock(LOCK_EX): shared with the guard process */
	int pipe_wr;		/* EOF on its other end: the test has ended */
	pid_t pid;		/* the guard process; 0 when not started */
};

/*
 * Take the lock on path (waiting for an earlier guard to finish), save its
 * text and start the guard process. Call it in the test process (e.g. in
 * FIXTURE_SETUP). Returns 0, or -errno (nothing is then guarded).
 */
int sct_sysctl_guard_begin(struct sct_sysctl_guard *g, const char *path);

/*
 * The normal end: the guard writes the saved text back if the file now
 * reads differently, exits, and we wait for it. Returns 0, or -errno when
 * the text could not be put back (the guard printed what to do). When the
 * test process dies instead, its guard does the same on its own.
 */
int sct_sysctl_guard_end(struct sct_sysctl_guard *g);

#endif
