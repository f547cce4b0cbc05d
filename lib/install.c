// SPDX-License-Identifier: GPL-2.0-only
/*
 * install.c - seccomp(2) and prctl(2) wrappers.
 */
#include <errno.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "install.h"

long sct_seccomp(unsigned int op, unsigned long flags, const void *args)
{
	long ret = syscall(__NR_seccomp, op, flags, args);

	return ret < 0 ? -errno : ret;
}

int sct_set_nnp(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ? -errno : 0;
}

int sct_get_nnp(void)
{
	int ret = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

	return ret < 0 ? -errno : ret;
}

long sct_install(const struct sock_fprog *prog, unsigned long flags)
{
	return sct_seccomp(SECCOMP_SET_MODE_FILTER, flags, prog);
}

int sct_install_prctl(const struct sock_fprog *prog)
{
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, prog, 0, 0) ? -errno : 0;
}

long sct_install_via(enum sct_entry entry, const struct sock_fprog *prog, unsigned long flags)
{
	if (entry == SCT_ENTRY_PRCTL)
		return flags ? -EINVAL : sct_install_prctl(prog);
	return sct_install(prog, flags);
}

const char *sct_entry_name(enum sct_entry entry)
{
	return entry == SCT_ENTRY_PRCTL ? "prctl" : "seccomp";
}

long sct_install_filter(struct sct_filter *f, unsigned long flags)
{
	struct sock_fprog prog;
	int ret;

	if (!f)
		return -ENOMEM;
	ret = sct_filter_build(f, &prog);
	if (ret)
		return ret;
	ret = sct_set_nnp();
	if (ret)
		return ret;
	return sct_install(&prog, flags);
}

const char *sct_action_name(uint32_t action)
{
	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD: return "KILL_THREAD";
	case SECCOMP_RET_TRAP: return "TRAP";
	case SECCOMP_RET_ERRNO: return "ERRNO";
	case SECCOMP_RET_USER_NOTIF: return "USER_NOTIF";
	case SECCOMP_RET_TRACE: return "TRACE";
	case SECCOMP_RET_LOG: return "LOG";
	case SECCOMP_RET_ALLOW: return "ALLOW";
	default: return "unknown";
	}
}
