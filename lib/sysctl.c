// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl.c - sysctl text and the guard that restores it (see sysctl.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sysctl.h"

#define GUARD_NORMAL_END 'E'	/* written by sct_sysctl_guard_end before EOF */

int sct_sysctl_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		err = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return err;
}

int sct_sysctl_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

/* Put the saved text back unless the file already reads so: 0 or -errno. */
static int guard_restore(const struct sct_sysctl_guard *g, char abnormal)
{
	char now[sizeof(g->saved)];
	int saved_len = (int)strcspn(g->saved, "\n");
	int err = sct_sysctl_read(g->path, now, sizeof(now));

	if (!err && !strcmp(now, g->saved))
		return 0;
	err = sct_sysctl_write(g->path, g->saved);
	if (err)
		fprintf(stderr, "# could not restore %s to '%.*s' (%s): set it by hand\n",
			g->path, saved_len, g->saved, strerror(-err));
	else if (abnormal)
		fprintf(stderr, "# the test ended without sct_sysctl_guard_end: restored %s to '%.*s'\n",
			g->path, saved_len, g->saved);
	return err;
}

/* The guard process: wait for EOF, restore, exit 0 or 1. */
static void guard_main(struct sct_sysctl_guard *g, int rd)
{
	char c, last = 0;
	ssize_t n;

	/* out of the test's process group, which a harness timeout kills */
	setpgid(0, 0);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	while ((n = read(rd, &c, 1)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			last = c;
	_exit(guard_restore(g, last != GUARD_NORMAL_END) ? 1 : 0);
}

int sct_sysctl_guard_begin(struct sct_sysctl_guard *g, const char *path)
{
	int p[2], err;

	memset(g, 0, sizeof(*g));
	g->lock_fd = g->pipe_wr = -1;
	snprintf(g->path, sizeof(g->path), "%s", path);
	g->lock_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (g->lock_fd < 0)
		return -errno;
	/* the lock belongs to the open file, which the guard shares */
	while (flock(g->lock_fd, LOCK_EX) && errno == EINTR)
		;
	err = sct_sysctl_read(path, g->saved, sizeof(g->saved));
	if (err || pipe2(p, O_CLOEXEC))
		goto fail;
	fflush(stdout);
	fflush(stderr);
	g->pid = fork();
	if (g->pid == 0) {
		close(p[1]);
		guard_main(g, p[0]);
	}
	close(p[0]);
	if (g->pid > 0)
		setpgid(g->pid, g->pid);	/* done before we return: no race with a kill */
	if (g->pid < 0) {
		g->pid = 0;
		close(p[1]);
		goto fail;
	}
	g->pipe_wr = p[1];
	return 0;
fail:
	err = err ?: -errno;
	close(g->lock_fd);
	g->lock_fd = -1;
	return err;
}

int sct_sysctl_guard_end(struct sct_sysctl_guard *g)
{
	char c = GUARD_NORMAL_END;
	int status = 0, ret = 0;

	if (!g->pid)
		return 0;
	if (write(g->pipe_wr, &c, 1) != 1)
		ret = -errno;
	close(g->pipe_wr);
	while (waitpid(g->pid, &status, 0) < 0)
		if (errno != EINTR) {
			ret = -errno;
			break;
		}
	if (!ret && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ret = -EIO;
	close(g->lock_fd);
	g->pid = 0;
	g->pipe_wr = g->lock_fd = -1;
	return ret;
}
