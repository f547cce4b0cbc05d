/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * profile_fixture.h - what the profile compiler's self-tests share
 * (profile_test, profile_resolve_test, profile_libseccomp_test): the
 * capability sets, loading a shipped profile or a JSON text for amd64, and
 * an action assertion that names both actions.
 */
#ifndef SCT_PROFILE_FIXTURE_H
#define SCT_PROFILE_FIXTURE_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sched.h>

#include <seccomp.h>

#include "suite.h"
#include "profile.h"

#define EPERM_ACT	(SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ACT	(SECCOMP_RET_ERRNO | ENOSYS)
#define ALLOW		SECCOMP_RET_ALLOW
#define UNKNOWN		SCT_PROFILE_NO_SYSCALL

/* Docker's default capabilities plus more, as CAP_ names. */
static const char *const caps_plus_sys_admin[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	"sys_admin",
};
static const char *const caps_sys_ptrace[] = { "CAP_SYS_PTRACE" };
static const char *const caps_all[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	"CAP_SYS_ADMIN", "CAP_BPF", "CAP_PERFMON", "CAP_SYS_PTRACE",
	"CAP_DAC_READ_SEARCH", "CAP_SYS_BOOT", "CAP_SYS_MODULE", "CAP_SYS_PACCT",
	"CAP_SYS_RAWIO", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_SYS_NICE",
	"CAP_SYSLOG",
};
#define NCAPS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The facts below are x86_64's (Docker's rules for amd64, its numbers), so
 * every profile is compiled for amd64 whatever the build's arch: the
 * compiler is pure computation and these tests pass on an arm64 build too.
 */
#define TEST_ARCH "amd64"
#define NR(name) ((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, (name)))

static inline const struct sct_profile_opts *for_test_arch(const struct sct_profile_opts *o,
						    struct sct_profile_opts *buf)
{
	if (o && o->arch)
		return o;
	*buf = o ? *o : (struct sct_profile_opts){ 0 };
	buf->arch = TEST_ARCH;
	return buf;
}

enum which { DOCKER, PODMAN };
static const char *const profile_file[] = { "docker-default.json", "podman-default.json" };

/* Load a real profile: 0, 1 when the tree's profiles/ cannot be found
 * (msg says where we looked), -1 when it does not compile (msg says why). */
static inline int load_real(enum which which, const struct sct_profile_opts *o,
		     struct sct_ruleset **rs, struct sct_profile_stats *st,
		     char *msg, size_t len)
{
	struct sct_profile_opts buf;
	char path[1024];

	if (SCT_PROFILE_FIND(profile_file[which], path)) {
		snprintf(msg, len, "profiles/%s not found (tried %.400s)", profile_file[which], path);
		return 1;
	}
	return sct_profile_load(path, for_test_arch(o, &buf), rs, st, msg, len) ? -1 : 0;
}

#define LOAD_REAL(which, opts, rs, st) do {					\
	char _m[512];								\
	int _r = load_real((which), (opts), &(rs), (st), _m, sizeof(_m));	\
	SCT_SKIP_OR_ASSERT_OK(_r, _m);						\
} while (0)

/* Compile JSON text through a temporary file (the path users take). */
static inline int load_text(const char *json, size_t len, const struct sct_profile_opts *o,
		     struct sct_ruleset **rs, struct sct_profile_stats *st,
		     char *err, size_t errlen)
{
	char path[] = "/tmp/sct-profile-XXXXXX";
	struct sct_profile_opts buf;
	int fd = mkstemp(path), r;

	if (fd < 0)
		return -errno;
	r = write(fd, json, len) == (ssize_t)len ? 0 : -EIO;
	close(fd);
	if (!r)
		r = sct_profile_load(path, for_test_arch(o, &buf), rs, st, err, errlen);
	unlink(path);
	return r;
}

#define ASSERT_ACTION(want, got) do {						\
	char _a[32], _b[32];							\
	uint32_t _g = (got);							\
	ASSERT_EQ((want), _g) {							\
		TH_LOG("expected %s, got %s", sct_profile_action_str((want), _a, sizeof(_a)), \
		       sct_profile_action_str(_g, _b, sizeof(_b)));		\
	}									\
} while (0)


/* A profile of these syscalls[] entries, ERRNO by default. */
#define P(body) "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[" body "]}"

/* One of each thing the compiler drops, splits, supersedes or flags. */
static const char mixed_json[] =
		P("{\"names\":[\"read\",\"no_such_call\",\"socketcall\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		  "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		  "{\"names\":[\"no_such_call\"],\"action\":\"SCMP_ACT_LOG\"},"
		  "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		  "{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]},"
		  "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		  "{\"names\":[\"open\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_GT\"}]},"
		  "{\"names\":[\"open\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":["
		  "{\"index\":1,\"value\":20,\"op\":\"SCMP_CMP_EQ\"}]},"
		  "{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_GT\"}]},"
		  "{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":["
		  "{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_LT\"}]}");

#endif
