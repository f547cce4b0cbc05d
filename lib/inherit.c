// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit.c - what the inherit_* suites share (see inherit.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filter.h"
#include "inherit.h"
#include "install.h"
#include "probe.h"
#include "helpers/inherit_report.h"

/* Path of a helper built beside this program; -errno when it is missing. */
int sct_helper_path(const char *name, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s/%s", self, name) >= len)
		return -ENAMETOOLONG;
	return access(buf, X_OK) ? -errno : 0;
}

/*
 * A fresh temp dir (mode 0755, so an unprivileged uid can exec from it) on
 * the first of $TMPDIR, /tmp, /var/tmp whose filesystem has none of
 * `bad_flags` (ST_NOEXEC, ST_NOSUID). 0, or -ENOENT when none qualifies.
 */
int sct_make_tmpdir(char *dir, size_t len, unsigned long bad_flags)
{
	const char *bases[] = { getenv("TMPDIR"), "/tmp", "/var/tmp" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		struct statvfs st;

		if (!bases[i] || statvfs(bases[i], &st) || (st.f_flag & bad_flags))
			continue;
		snprintf(dir, len, "%s/sct-inherit-XXXXXX", bases[i]);
		if (mkdtemp(dir) && !chmod(dir, 0755))
			return 0;
	}
	dir[0] = '\0';
	return -ENOENT;
}

/* Remove a temp dir made by sct_make_tmpdir and the one file put in it. */
void sct_remove_tmpdir(const char *dir, const char *file)
{
	if (file && file[0])
		unlink(file);
	if (dir[0])
		rmdir(dir);
}

/* Write `text` to path with `mode`; 0 or -errno. */
int sct_write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t len = (ssize_t)strlen(text);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len || fchmod(fd, mode))
		err = -errno ?: -EIO;
	close(fd);
	return err;
}

/* errno of getppid, 0 when it ran (as the helpers measure it). */
long sct_getppid_errno(void)
{
	return inherit_errno_of(__NR_getppid, 0);
}

/*
 * Seccomp_filters of this (unfiltered) test process, normally 0; a runner
 * inside a container may already carry some. -1 when not shown.
 */
long sct_filters_before(void)
{
	long n;

	return sct_proc_status(0, "Seccomp_filters", &n) ? -1 : n;
}

/* no_new_privs, then the inherited filters through `entry`; 0 or -errno. */
int sct_enter_inherited(enum sct_entry entry)
{
	struct sct_filter *fs[SCT_INHERITED_FILTERS] = {
		sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | INHERIT_DENIED,
				  SECCOMP_RET_ALLOW),
		sct_filter_ret(SECCOMP_RET_ALLOW),
	};
	int ret = sct_set_nnp();

	for (size_t i = 0; i < SCT_INHERITED_FILTERS; i++) {
		struct sock_fprog prog;

		if (!ret)
			ret = !fs[i] ? -ENOMEM : sct_filter_build(fs[i], &prog);
		if (!ret)
			ret = (int)sct_install_via(entry, &prog, 0);
		sct_filter_free(fs[i]);
	}
	return ret;
}

int sct_capture_open(struct sct_capture *c)
{
	c->text[0] = '\0';
	return pipe2(c->fd, O_CLOEXEC) ? -errno : 0;
}

/* In the child: the capture pipe becomes stdout (dup2 clears CLOEXEC). */
int sct_capture_as_stdout(const struct sct_capture *c)
{
	return dup2(c->fd[1], STDOUT_FILENO) < 0 ? -1 : 0;
}

/* In the parent after the child ended: read what it wrote, close the pipe. */
void sct_capture_close(struct sct_capture *c)
{
	size_t len = 0;

	close(c->fd[1]);
	for (;;) {
		struct pollfd pfd = { .fd = c->fd[0], .events = POLLIN };
		ssize_t n;

		if (len >= sizeof(c->text) - 1 || poll(&pfd, 1, 1000) <= 0)
			break;
		n = read(c->fd[0], c->text + len, sizeof(c->text) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	c->text[len] = '\0';
	close(c->fd[0]);
}

/* Value of `key` in a helper's report, or `missing`. */
long sct_report_value(const char *text, const char *key, long missing)
{
	long v;

	return sct_status_value(text, key, &v) ? missing : v;
}

/* Wait for a process descendant; 0 when it exited 0. */
int sct_reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, __WALL) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int sct_fork_like(long pid)
{
	if (pid == 0)
		_exit(0);
	return sct_reap((pid_t)pid);
}
