// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime_trace_test - `seccomp-profile trace --generate` under the real
 * runtimes (issue 15): the profile written for a workload traced on the
 * host is handed to crun and runc as Docker would (sct_bundle_seccomp), and
 * the container runs the same workload under it: it must exit 0 and list
 * the container's root. Two workloads: the static busybox's `ls /`, and the
 * host's dynamic /bin/ls with its loader and libraries (from ldd) copied
 * into the rootfs. Without the generated profile's second entry (what the
 * runtimes call after installing the filter, up to the workload's execve)
 * the container does not get that far with either runtime, which shows the
 * entry is needed. SKIPs without the runtime, root, the tool, a static
 * busybox (for that workload) or ldd (for /bin/ls).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "suite.h"
#include "bundle.h"
#include "runtime.h"

#define MAX_FILES 32
#define OUT_MAX 65536

/* argv with stdout and stderr to out; its exit status (256 + signal). */
static int run_to(char *const argv[], const char *out)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
}

/* prog and the shared objects ldd names for it, into files[] (strdup'd). */
static size_t ldd_files(const char *prog, char **files, size_t max)
{
	char cmd[PATH_MAX + 8], line[PATH_MAX + 64];
	size_t n = 0;
	FILE *f;

	files[n++] = strdup(prog);
	snprintf(cmd, sizeof(cmd), "ldd %s", prog);
	f = popen(cmd, "re");
	while (f && fgets(line, sizeof(line), f) && n < max) {
		char *p = strstr(line, "=> ");

		p = p ? p + 3 : line + strspn(line, " \t");
		if (*p != '/')
			continue;
		p[strcspn(p, " \n")] = 0;
		files[n++] = strdup(p);
	}
	if (!f || pclose(f))
		n = 0;
	files[n] = NULL;
	return n;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) && errno != ENOENT ? -1 : 0;
}

/* Did the container's `ls /` list its root (/init, /bin)? */
static bool lists_root(const char *out)
{
	return strstr(out, "init\n") && strstr(out, "bin\n");
}

FIXTURE(gen) {
	char dir[32];
	char *files[MAX_FILES + 1];
	json_object *sec;
};

FIXTURE_VARIANT(gen) {
	const char *runtime;
	bool dynamic;		/* /bin/ls with its libraries, else busybox ls */
};
FIXTURE_VARIANT_ADD(gen, crun_busybox_ls) { .runtime = "crun", .dynamic = false };
FIXTURE_VARIANT_ADD(gen, runc_busybox_ls) { .runtime = "runc", .dynamic = false };
FIXTURE_VARIANT_ADD(gen, crun_bin_ls) { .runtime = "crun", .dynamic = true };
FIXTURE_VARIANT_ADD(gen, runc_bin_ls) { .runtime = "runc", .dynamic = true };

FIXTURE_SETUP(gen)
{
	memset(self->files, 0, sizeof(self->files));
	self->sec = NULL;
	snprintf(self->dir, sizeof(self->dir), "/tmp/sct-trace.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(gen)
{
	for (size_t i = 0; self->files[i]; i++)
		free(self->files[i]);
	if (self->sec)
		json_object_put(self->sec);
	nftw(self->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TEST_F_TIMEOUT(gen, generated_profile_runs_in_the_container, 60)
{
	struct sct_rt_opts ro = { .runtime = variant->runtime, .timeout_ms = 15000 };
	char tool[PATH_MAX], bbox[PATH_MAX], prof[PATH_MAX], log[PATH_MAX], err[512];
	const char *argv[4];
	static char out[OUT_MAX];
	json_object *sys;
	int st;

	if (sct_rt_available(variant->runtime, err, sizeof(err)))
		SKIP(return, "%s", err);
	if (sct_rt_find_helper("../tools/seccomp-profile", NULL, tool, sizeof(tool)))
		SKIP(return, "tools/seccomp-profile not built");
	if (variant->dynamic) {
		if (!ldd_files("/bin/ls", self->files, MAX_FILES))
			SKIP(return, "ldd /bin/ls failed (no ldd, or /bin/ls is not dynamic)");
		argv[0] = "/bin/ls";
		ro.files = (const char *const *)self->files;
	} else {
		if (sct_rt_find_busybox(bbox, sizeof(bbox)))
			SKIP(return, "no static busybox in PATH (busybox-static)");
		argv[0] = "/bin/busybox";
		ro.busybox = bbox;
	}
	argv[1] = variant->dynamic ? "/" : "ls";
	argv[2] = variant->dynamic ? NULL : "/";
	argv[3] = NULL;
	snprintf(prof, sizeof(prof), "%s/ls.json", self->dir);
	snprintf(log, sizeof(log), "%s/trace.log", self->dir);
	{
		/* traced on the host: the same program, its host path */
		char *const tr[] = { tool, "trace", "--generate", prof, "-o", log, "--",
				     variant->dynamic ? (char *)"/bin/ls" : bbox,
				     (char *)argv[1], (char *)argv[2], NULL };

		ASSERT_EQ(0, run_to(tr, log));
	}
	ASSERT_EQ(0, sct_bundle_seccomp(prof, NULL, &self->sec, err, sizeof(err))) TH_LOG("%s", err);
	ro.seccomp = self->sec;
	ASSERT_EQ(0, sct_rt_exec(&ro, argv, out, sizeof(out), &st, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(0, st) TH_LOG("%s: %s", variant->runtime, out);
	EXPECT_TRUE(lists_root(out)) TH_LOG("the container's ls / did not list init and bin: %s", out);
	/* the runtime entry is what the runtime needs: without it no ls */
	ASSERT_TRUE(json_object_object_get_ex(self->sec, "syscalls", &sys));
	ASSERT_EQ(2, json_object_array_length(sys));
	json_object_array_del_idx(sys, 1, 1);
	ASSERT_EQ(0, sct_rt_exec(&ro, argv, out, sizeof(out), &st, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_NE(0, st) TH_LOG("%s ran the container without the runtime entry", variant->runtime);
	EXPECT_FALSE(lists_root(out));
}

SCT_SUITE_MAIN("Live: profiles seccomp-profile trace --generate writes, run by crun and runc.")
