// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime.c - start a container with runc or crun, read its init's seccomp
 * filters back, stop it, leave nothing behind (see runtime.h).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "errmsg.h"
#include "runtime.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

#define DEFAULT_TIMEOUT_MS 20000

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* An executable named name in $PATH (or name itself when it has a '/'). */
static int find_exec(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char dirs[4096], *save = NULL;

	if (strchr(name, '/')) {
		snprintf(buf, len, "%s", name);
		return access(buf, X_OK) ? -ENOENT : 0;
	}
	snprintf(dirs, sizeof(dirs), "%s", path && *path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", d, name);
		if (!access(buf, X_OK))
			return 0;
	}
	return -ENOENT;
}

/* A 64- or 32-bit ELF without PT_INTERP (needs no dynamic loader). */
static bool elf_static(const char *path)
{
	unsigned char h[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool is64, ok = false;
	uint64_t phoff;
	uint16_t phnum, phentsize;

	if (fd < 0)
		return false;
	if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h, ELFMAG, SELFMAG))
		goto out;
	is64 = h[EI_CLASS] == ELFCLASS64;
	if (is64) {
		Elf64_Ehdr *e = (Elf64_Ehdr *)h;

		phoff = e->e_phoff, phnum = e->e_phnum, phentsize = e->e_phentsize;
	} else {
		Elf32_Ehdr *e = (Elf32_Ehdr *)h;

		phoff = e->e_phoff, phnum = e->e_phnum, phentsize = e->e_phentsize;
	}
	ok = true;
	for (uint16_t i = 0; i < phnum && ok; i++) {
		uint32_t type;

		if (pread(fd, &type, sizeof(type), (off_t)(phoff + (uint64_t)i * phentsize)) != sizeof(type))
			ok = false;
		else if (type == PT_INTERP)
			ok = false;
	}
out:
	close(fd);
	return ok;
}

static bool seccomp_free_caller(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	int mode = -1;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	fclose(f);
	return mode == 0;
}

int sct_rt_available(const char *runtime, char *why, size_t len)
{
	char path[PATH_MAX];

	if (geteuid())
		return sct_fail(why, len, 1, "needs root (runtime, cgroups, PTRACE_SECCOMP_GET_FILTER)");
	if (find_exec(runtime, path, sizeof(path)))
		return sct_fail(why, len, 1, "%s not installed (scripts/install-deps installs it)", runtime);
	if (!seccomp_free_caller())
		return sct_fail(why, len, 1, "this process runs under seccomp: the kernel refuses "
			    "PTRACE_SECCOMP_GET_FILTER to a filtered tracer");
	return 0;
}

int sct_rt_find_helper(const char *name, const char *env_var, char *buf, size_t len)
{
	const char *env = env_var ? getenv(env_var) : NULL;
	char self[PATH_MAX], *slash;
	ssize_t n;
	static const char *const rel[] = { "", "../suites/", "../build/suites/", "../../build/suites/" };

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return access(buf, X_OK) ? -ENOENT : 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -ENOENT;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return -ENOENT;
	slash[1] = 0;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(buf, len, "%s%s%s", self, rel[i], name);
		if (!access(buf, X_OK))
			return 0;
	}
	return -ENOENT;
}

int sct_rt_find_busybox(char *buf, size_t len)
{
	return find_exec("busybox", buf, len) || !elf_static(buf) ? -ENOENT : 0;
}

int sct_rt_find_init(char *buf, size_t len)
{
	return sct_rt_find_helper("pause_static", "SCT_PAUSE", buf, len);
}

/* In a runtime command's child: a private mount namespace where a hybrid
 * cgroup layout looks like plain v1. */
static void private_cgroup_view(void)
{
	struct statfs a, b;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return;
	if (!statfs("/sys/fs/cgroup", &a) && a.f_type == TMPFS_MAGIC &&
	    !statfs("/sys/fs/cgroup/unified", &b) && b.f_type == CGROUP2_SUPER_MAGIC)
		umount2("/sys/fs/cgroup/unified", MNT_DETACH);
}

/*
 * Run argv with output to log, under timeout_ms. Returns the exit status
 * (0..255), 256 + signal, -ETIMEDOUT, or -errno; on failure the log's
 * last line is in msg.
 */
static int run_cmd(char *const argv[], const char *log, int timeout_ms, char *msg, size_t msglen)
{
	double end = now_s() + timeout_ms / 1000.0;
	int st, r;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);

		setpgid(0, 0);
		private_cgroup_view();
		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (now_s() > end) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			snprintf(msg, msglen, "%s %s: timed out after %d ms", argv[0],
				 argv[3] ? argv[3] : "", timeout_ms);
			return -ETIMEDOUT;
		}
		sleep_ms(5);
	}
	r = WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
	if (r && msg && msglen) {
		FILE *f = fopen(log, "re");
		char line[512] = "";

		msg[0] = 0;
		while (f && fgets(line, sizeof(line), f))
			if (line[0] != '\n')
				snprintf(msg, msglen, "%.*s", (int)strcspn(line, "\n"), line);
		if (f)
			fclose(f);
	}
	return r;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int rm_tree(const char *dir)
{
	return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) ? -errno : 0;
}

/* Every cgroup directory named id under each cgroup or cgroup2 mount (v1
 * hierarchies and v2 alike): the runtime's `delete` removes them; what is
 * left is removed here and counted. */
static int cgroup_leftovers(const char *id, char *err, size_t errlen)
{
	FILE *f = fopen("/proc/self/mounts", "re");
	char line[1024], dir[512], type[64], p[PATH_MAX];
	int left = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %511s %63s", dir, type) != 2 ||
		    (strcmp(type, "cgroup") && strcmp(type, "cgroup2")))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, id);
		if (access(p, F_OK))
			continue;
		for (int t = 0; t < 100 && rmdir(p) && errno == EBUSY; t++)
			sleep_ms(10);
		if (!access(p, F_OK)) {
			left++;
			sct_fail(err, errlen, 0, "cgroup %s left behind and cannot be removed", p);
		}
	}
	fclose(f);
	return left;
}

/* The init ran the pause program and has its filter. */
static int wait_init(pid_t pid, double end)
{
	char p[64], exe[PATH_MAX];

	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	while (now_s() < end) {
		ssize_t n = readlink(p, exe, sizeof(exe) - 1);

		if (n < 0 && errno == ENOENT && kill(pid, 0))
			return -ESRCH;
		if (n >= 5) {
			exe[n] = 0;
			if (!strcmp(exe + n - 5, "/init"))
				return 0;
		}
		sleep_ms(2);
	}
	return -ETIMEDOUT;
}

static int read_filters(pid_t pid, struct sct_rt_result *res, double end, char *err, size_t errlen)
{
	int st, r = 0;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0))
		return sct_fail(err, errlen, -errno, "PTRACE_SEIZE %d: %s", (int)pid, strerror(errno));
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0)) {
		r = sct_fail(err, errlen, -errno, "PTRACE_INTERRUPT: %s", strerror(errno));
		goto detach;
	}
	for (;;) {
		pid_t w = waitpid(pid, &st, __WALL | WNOHANG);

		if (w == pid && WIFSTOPPED(st))
			break;
		if (w == pid || (w < 0 && errno != EINTR)) {
			return sct_fail(err, errlen, -ESRCH, "container init %d ended while attached",
				    (int)pid);
		}
		if (now_s() > end) {
			r = sct_fail(err, errlen, -ETIMEDOUT, "container init %d did not stop", (int)pid);
			goto detach;
		}
		sleep_ms(1);
	}
	for (unsigned long i = 0; i < SCT_RT_MAX_FILTERS; i++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);
		struct sock_filter *buf;

		if (n < 0 && errno == ENOENT && i)
			break;
		if (n < 0) {
			r = sct_fail(err, errlen, -errno, "PTRACE_SECCOMP_GET_FILTER(%lu): %s%s", i,
				 strerror(errno), errno == ENOENT ? " (the init has no filter)" : "");
			break;
		}
		buf = calloc((size_t)n, sizeof(*buf));
		if (!buf) {
			r = -ENOMEM;
			break;
		}
		if (ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, buf) != n) {
			r = sct_fail(err, errlen, -EIO, "PTRACE_SECCOMP_GET_FILTER(%lu) changed size", i);
			free(buf);
			break;
		}
		res->filters[i].insns = buf;
		res->filters[i].len = (size_t)n;
		res->nfilters = i + 1;
	}
detach:
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return r;
}

static void first_line(char *const argv[], const char *log, char *out, size_t len)
{
	FILE *f;

	out[0] = 0;
	if (run_cmd(argv, log, 5000, NULL, 0))
		return;
	f = fopen(log, "re");
	if (f && fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = 0;
	if (f)
		fclose(f);
}

/* One container's files: a temporary directory with the bundle, the
 * runtime's --root state, its log and pid file; a unique id and cgroup. */
struct job {
	char tmp[PATH_MAX], bundle[PATH_MAX + 16], state[PATH_MAX + 16], log[PATH_MAX + 16];
	char pidf[PATH_MAX + 16], id[64], cg[80];
	const char *rt;
	int tmo;
};

/* Make the directories, read the runtime's version, write the bundle. */
static int job_setup(struct job *j, const struct sct_rt_opts *o, const char *const *argv,
		     char *version, size_t verlen, char *err, size_t errlen)
{
	static unsigned int seq;
	const char *tdir = getenv("TMPDIR");
	char init[PATH_MAX], bbox[PATH_MAX];

	memset(j, 0, sizeof(*j));
	j->rt = o->runtime;
	j->tmo = o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;
	if (o->init)
		snprintf(init, sizeof(init), "%s", o->init);
	else if (sct_rt_find_init(init, sizeof(init)))
		return sct_fail(err, errlen, -ENOENT, "pause_static not found (set SCT_PAUSE or build it)");
	if (o->busybox)
		snprintf(bbox, sizeof(bbox), "%s", o->busybox);
	else if (find_exec("busybox", bbox, sizeof(bbox)) || !elf_static(bbox))
		bbox[0] = 0;
	snprintf(j->tmp, sizeof(j->tmp), "%s/sct-rt.XXXXXX", tdir && *tdir ? tdir : "/tmp");
	if (!mkdtemp(j->tmp)) {
		int e = errno;

		j->tmp[0] = 0;
		return sct_fail(err, errlen, -e, "mkdtemp: %s", strerror(e));
	}
	snprintf(j->bundle, sizeof(j->bundle), "%s/bundle", j->tmp);
	snprintf(j->state, sizeof(j->state), "%s/state", j->tmp);
	snprintf(j->log, sizeof(j->log), "%s/log", j->tmp);
	snprintf(j->pidf, sizeof(j->pidf), "%s/pid", j->tmp);
	snprintf(j->id, sizeof(j->id), "sct-rt-%d-%u", (int)getpid(), seq++);
	snprintf(j->cg, sizeof(j->cg), "/%s", j->id);
	if (mkdir(j->bundle, 0700) || mkdir(j->state, 0700))
		return sct_fail(err, errlen, -errno, "mkdir %s: %s", j->tmp, strerror(errno));
	{
		/* with --root: crun creates its default root (/run/crun) otherwise */
		char *const ver[] = { (char *)j->rt, "--root", j->state, "--version", NULL };

		first_line(ver, j->log, version, verlen);
	}
	{
		struct sct_bundle_spec spec = {
			.seccomp = o->seccomp, .opts = o->caps, .init = init, .argv = argv,
			.files = o->files,
			.busybox = bbox[0] ? bbox : NULL, .cgroups_path = j->cg, .hostname = j->id,
		};

		return sct_bundle_write(j->bundle, &spec, err, errlen);
	}
}

/* `delete -f`, then wait for pid (0: none known) to be gone. */
static int job_stop(struct job *j, pid_t pid, int r, char *err, size_t errlen)
{
	char msg[512] = "";
	char *const del[] = { (char *)j->rt, "--root", j->state, "delete", "-f", j->id, NULL };
	int rc = run_cmd(del, j->log, j->tmo, msg, sizeof(msg));

	if (rc && pid && !r)
		r = sct_fail(err, errlen, -EIO, "%s delete: %s", j->rt, msg[0] ? msg : "failed");
	if (pid) {
		char p[64], line[256];
		double end = now_s() + j->tmo / 1000.0;
		bool gone = false;
		FILE *f;

		/* gone, or a zombie its new parent reaps */
		snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
		while (!gone && now_s() < end) {
			f = fopen(p, "re");
			gone = !f;
			while (f && fgets(line, sizeof(line), f))
				if (!strncmp(line, "State:", 6))
					gone = strchr(line, 'Z') != NULL;
			if (f)
				fclose(f);
			if (!gone) {
				kill(pid, SIGKILL);
				sleep_ms(2);
			}
		}
		if (!gone && !r)
			r = sct_fail(err, errlen, -EBUSY, "container init %d still runs", (int)pid);
	}
	if (cgroup_leftovers(j->id, r ? NULL : err, errlen) && !r)
		r = -ENOTEMPTY;
	return r;
}

static int job_remove(struct job *j, int r, char *err, size_t errlen)
{
	if (j->tmp[0] && rm_tree(j->tmp) && !r)
		r = sct_fail(err, errlen, -ENOTEMPTY, "cannot remove %s", j->tmp);
	return r;
}

int sct_rt_run(const struct sct_rt_opts *o, struct sct_rt_result *res, char *err, size_t errlen)
{
	char msg[512] = "";
	struct job j;
	pid_t pid = 0;
	double t0;
	int r, rc;
	FILE *f;

	memset(res, 0, sizeof(*res));
	r = job_setup(&j, o, NULL, res->version, sizeof(res->version), err, errlen);
	if (r)
		goto out;
	t0 = now_s();
	{
		char *const run[] = { (char *)j.rt, "--root", j.state, "run", "-d", "--pid-file", j.pidf,
				      "-b", j.bundle, j.id, NULL };

		rc = run_cmd(run, j.log, j.tmo, msg, sizeof(msg));
	}
	if (rc) {
		r = sct_fail(err, errlen, rc < 0 ? rc : -EIO, "%s run: %s", j.rt,
			 rc == 127 ? "cannot execute" : msg[0] ? msg : "failed");
		goto stop;
	}
	f = fopen(j.pidf, "re");
	if (!f || fscanf(f, "%d", &pid) != 1 || pid <= 0) {
		r = sct_fail(err, errlen, -EIO, "%s run: no pid in %s", j.rt, j.pidf);
		if (f)
			fclose(f);
		pid = 0;
		goto stop;
	}
	fclose(f);
	r = wait_init(pid, now_s() + j.tmo / 1000.0);
	if (r) {
		sct_fail(err, errlen, r, "container init %d never ran the pause program", (int)pid);
		goto stop;
	}
	res->start_s = now_s() - t0;
	t0 = now_s();
	r = read_filters(pid, res, now_s() + j.tmo / 1000.0, err, errlen);
	res->read_s = now_s() - t0;
stop:
	t0 = now_s();
	r = job_stop(&j, pid, r, err, errlen);
	res->stop_s = now_s() - t0;
out:
	r = job_remove(&j, r, err, errlen);
	if (r)
		sct_rt_result_free(res);
	return r;
}

int sct_rt_exec(const struct sct_rt_opts *o, const char *const *argv, char *out, size_t outlen,
		int *status, char *err, size_t errlen)
{
	char version[96], msg[512] = "";
	struct job j;
	int r, rc = 0;

	out[0] = 0;
	*status = -1;
	r = job_setup(&j, o, argv, version, sizeof(version), err, errlen);
	if (!r) {
		char *const run[] = { (char *)j.rt, "--root", j.state, "run", "-b", j.bundle, j.id,
				      NULL };

		rc = run_cmd(run, j.log, j.tmo, msg, sizeof(msg));
		if (rc < 0)
			r = sct_fail(err, errlen, rc, "%s run: %s", j.rt, msg[0] ? msg : "failed");
	}
	if (!r) {
		int fd = open(j.log, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, out, outlen - 1);

		if (n < 0)
			r = sct_fail(err, errlen, -EIO, "%s run: no output", j.rt);
		else
			out[n] = 0;
		if (fd >= 0)
			close(fd);
		*status = rc;
	}
	if (j.tmp[0])
		r = job_stop(&j, 0, r, err, errlen);
	return job_remove(&j, r, err, errlen);
}

void sct_rt_result_free(struct sct_rt_result *res)
{
	for (size_t i = 0; i < res->nfilters; i++)
		free(res->filters[i].insns);
	res->nfilters = 0;
}
