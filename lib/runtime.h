/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * runtime.h - what a real OCI runtime (runc, crun) installs: start a
 * container from a bundle (lib/bundle.h) whose init is a static pause
 * program, read every seccomp filter of that init back with
 * PTRACE_SECCOMP_GET_FILTER, then kill and delete the container.
 *
 * Leaves nothing behind: the runtime's state goes to a temporary --root,
 * the bundle to the same temporary directory, the cgroup is
 * /sct-rt-PID-N and is checked gone after `delete`; the directory is
 * removed in every outcome. Each runtime command runs in a private mount
 * namespace: on a hybrid cgroup host (v1 controllers, cgroup2 at
 * /sys/fs/cgroup/unified holding a controller) crun refuses to start, so
 * the namespace detaches the unified mount and the runtime sees plain v1.
 * Needs root (CAP_SYS_ADMIN, CAP_SYS_PTRACE) and no seccomp filter on the
 * caller: the kernel refuses PTRACE_SECCOMP_GET_FILTER to a filtered
 * tracer.
 */
#ifndef SCT_RUNTIME_H
#define SCT_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"
#include "uapi.h"

#define SCT_RT_MAX_FILTERS 16

struct sct_rt_opts {
	const char *runtime;		/* "runc", "crun" (searched in PATH) or a path */
	struct json_object *seccomp;	/* linux.seccomp, from sct_bundle_seccomp */
	const struct sct_bundle_opts *caps;	/* process capabilities (NULL: Docker's) */
	const char *init;		/* the pause program; NULL: sct_rt_find_init */
	const char *busybox;		/* NULL: busybox from PATH when static, else none */
	const char *const *files;	/* host files copied into the rootfs (sct_bundle_spec) */
	int timeout_ms;			/* per runtime command; 0: 20 s */
};

struct sct_rt_filter {
	struct sock_filter *insns;	/* malloc'd */
	size_t len;
};

struct sct_rt_result {
	/* Index i as PTRACE_SECCOMP_GET_FILTER counts: 0 is the oldest
	 * (first installed). The kernel runs them all, newest first, and the
	 * most restrictive action wins (the newest among equals). */
	size_t nfilters;
	struct sct_rt_filter filters[SCT_RT_MAX_FILTERS];
	char version[96];		/* first line of `RUNTIME --version` */
	double start_s;			/* `run -d` until the init runs */
	double read_s;			/* attach, read, detach */
	double stop_s;			/* kill, delete, clean up */
};

/*
 * Can the live check run here? 0 when it can; otherwise 1 and one line in
 * why (not root, the runtime not installed, a seccomp filter on the caller).
 */
int sct_rt_available(const char *runtime, char *why, size_t len);

/* The pause program: $SCT_PAUSE, or pause_static next to the running
 * program, in ../suites/ of it (build/<kind>/), or in the tree's build/.
 * Returns 0 with the path in buf, -ENOENT. */
int sct_rt_find_init(char *buf, size_t len);
/* A static busybox in PATH (what the rootfs gets); 0 or -ENOENT. */
int sct_rt_find_busybox(char *buf, size_t len);
/* The same for any helper program: $env_var (when set), else name in those
 * places. */
int sct_rt_find_helper(const char *name, const char *env_var, char *buf, size_t len);

/*
 * Start, read back, stop (see above). Returns 0 with *res filled
 * (sct_rt_result_free), or a negative errno with one line in err; the
 * container and its files are gone either way.
 */
int sct_rt_run(const struct sct_rt_opts *o, struct sct_rt_result *res, char *err, size_t errlen);

void sct_rt_result_free(struct sct_rt_result *res);

/*
 * Run argv (NULL-terminated, argv[0] a path in the rootfs: "/init" is
 * o->init, "/bin/busybox" the busybox, or one of o->files; NULL: /init
 * alone) as the container's process in the foreground, under o->seccomp
 * as the runtime installs it. Returns 0 with its stdout and
 * stderr (at most outlen - 1 bytes) in out and *status its exit status
 * (256 + signal when killed, as the runtime reports it: the runtime's own
 * failures look the same), or a negative errno with one line in err; the
 * container and its files are gone either way.
 */
int sct_rt_exec(const struct sct_rt_opts *o, const char *const *argv, char *out, size_t outlen,
		int *status, char *err, size_t errlen);

#endif
