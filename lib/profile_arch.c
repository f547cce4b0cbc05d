// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_arch.c - the arches a profile names and how libseccomp turns a
 * syscall name into rules on each of them (profile_model.h):
 *  - the arch table: the name profiles use in includes.arches (moby's
 *    goToNative values), the uname name, the archMap name, the audit arch
 *    (also libseccomp's arch token), the x32 bit, and whether libseccomp
 *    compares 32-bit argument words (its ARCH_SIZE_32 arches);
 *  - the multiplexed calls of x86 (i386): libseccomp 2.5 resolves the
 *    socket and SysV IPC names to a pseudo number and adds each rule twice,
 *    on the direct syscall (when i386 has one: socket is 359, accept has
 *    none) and on socketcall(102)/ipc(117) with the rule's conditions on
 *    a0 replaced by a0 == the sub-call (SYS_* of linux/net.h, the IPC call
 *    numbers of linux/ipc.h). Checked against libseccomp's own export
 *    (seccomp_export_pfc) for rules with and without a0 conditions.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/ipc.h>
#include <linux/net.h>
#include <seccomp.h>

#include "profile_model.h"

static const struct sct_profile_arch arch_table[] = {
	{ "amd64",   "x86_64",  "SCMP_ARCH_X86_64",  SCMP_ARCH_X86_64,  0x40000000U, false },
	{ "x86",     "i686",    "SCMP_ARCH_X86",     SCMP_ARCH_X86,     0, true },
	{ "x32",     "x32",     "SCMP_ARCH_X32",     SCMP_ARCH_X32,     0, true },
	{ "arm64",   "aarch64", "SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64, 0, false },
	{ "arm",     "armv7l",  "SCMP_ARCH_ARM",     SCMP_ARCH_ARM,     0, true },
	{ "s390x",   "s390x",   "SCMP_ARCH_S390X",   SCMP_ARCH_S390X,   0, false },
	{ "s390",    "s390",    "SCMP_ARCH_S390",    SCMP_ARCH_S390,    0, true },
	{ "ppc64le", "ppc64le", "SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE, 0, false },
	{ "riscv64", "riscv64", "SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64, 0, false },
};
#define NARCH (sizeof(arch_table) / sizeof(arch_table[0]))

const struct sct_profile_arch *sct_profile_arch_by_name(const char *name)
{
	for (size_t i = 0; i < NARCH; i++)
		if (!strcmp(name, arch_table[i].name) || !strcmp(name, arch_table[i].uname) ||
		    !strcmp(name, arch_table[i].scmp))
			return &arch_table[i];
	return NULL;
}

const struct sct_profile_arch *sct_profile_arch_by_token(uint32_t token)
{
	for (size_t i = 0; i < NARCH; i++)
		if (arch_table[i].token == token)
			return &arch_table[i];
	return NULL;
}

#define X86_SOCKETCALL 102
#define X86_IPC 117

static const struct {
	const char *name;
	uint32_t mux;		/* socketcall or ipc */
	uint32_t sub;		/* a0 */
} x86_mux[] = {
	{ "socket", X86_SOCKETCALL, SYS_SOCKET },
	{ "bind", X86_SOCKETCALL, SYS_BIND },
	{ "connect", X86_SOCKETCALL, SYS_CONNECT },
	{ "listen", X86_SOCKETCALL, SYS_LISTEN },
	{ "accept", X86_SOCKETCALL, SYS_ACCEPT },
	{ "getsockname", X86_SOCKETCALL, SYS_GETSOCKNAME },
	{ "getpeername", X86_SOCKETCALL, SYS_GETPEERNAME },
	{ "socketpair", X86_SOCKETCALL, SYS_SOCKETPAIR },
	{ "send", X86_SOCKETCALL, SYS_SEND },
	{ "recv", X86_SOCKETCALL, SYS_RECV },
	{ "sendto", X86_SOCKETCALL, SYS_SENDTO },
	{ "recvfrom", X86_SOCKETCALL, SYS_RECVFROM },
	{ "shutdown", X86_SOCKETCALL, SYS_SHUTDOWN },
	{ "setsockopt", X86_SOCKETCALL, SYS_SETSOCKOPT },
	{ "getsockopt", X86_SOCKETCALL, SYS_GETSOCKOPT },
	{ "sendmsg", X86_SOCKETCALL, SYS_SENDMSG },
	{ "recvmsg", X86_SOCKETCALL, SYS_RECVMSG },
	{ "accept4", X86_SOCKETCALL, SYS_ACCEPT4 },
	{ "recvmmsg", X86_SOCKETCALL, SYS_RECVMMSG },
	{ "sendmmsg", X86_SOCKETCALL, SYS_SENDMMSG },
	{ "semop", X86_IPC, SEMOP },
	{ "semget", X86_IPC, SEMGET },
	{ "semctl", X86_IPC, SEMCTL },
	{ "semtimedop", X86_IPC, SEMTIMEDOP },
	{ "msgsnd", X86_IPC, MSGSND },
	{ "msgrcv", X86_IPC, MSGRCV },
	{ "msgget", X86_IPC, MSGGET },
	{ "msgctl", X86_IPC, MSGCTL },
	{ "shmat", X86_IPC, SHMAT },
	{ "shmdt", X86_IPC, SHMDT },
	{ "shmget", X86_IPC, SHMGET },
	{ "shmctl", X86_IPC, SHMCTL },
};

/* The i386 number whose libseccomp name is name, or -1: the direct calls of
 * multiplexed names, which resolve_name_arch hides behind a pseudo number.
 * Bounded scan: i386's table ends below 512. */
static int x86_direct(const char *name)
{
	for (int nr = 0; nr < 512; nr++) {
		char *s = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86, nr);
		bool hit = s && !strcmp(s, name);

		free(s);
		if (hit)
			return nr;
	}
	return -1;
}

int sct_profile_name_nrs(uint32_t token, const char *name, struct sct_profile_nrs *out)
{
	int nr = seccomp_syscall_resolve_name_arch(token, name);

	memset(out, 0, sizeof(*out));
	if (nr >= 0) {
		out->has_direct = true;
		out->direct = (uint32_t)nr;
		return 0;
	}
	if (token != SCMP_ARCH_X86 || nr == __NR_SCMP_ERROR)
		return -1;
	for (size_t i = 0; i < sizeof(x86_mux) / sizeof(x86_mux[0]); i++)
		if (!strcmp(name, x86_mux[i].name)) {
			int d = x86_direct(name);

			out->has_direct = d >= 0;
			out->direct = d >= 0 ? (uint32_t)d : 0;
			out->has_mux = true;
			out->mux = x86_mux[i].mux;
			out->sub = x86_mux[i].sub;
			return 0;
		}
	return -1;
}
