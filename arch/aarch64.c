// SPDX-License-Identifier: GPL-2.0-only
/*
 * aarch64.c - facts about arm64: AUDIT_ARCH_AARCH64 natively with the
 * asm-generic numbers (include/uapi/asm-generic/unistd.h: no open, fork,
 * poll, ...), AArch32 (AUDIT_ARCH_ARM, EABI numbers) as the compat ABI, and
 * no x32.
 *
 * A 64-bit task cannot make an AArch32 call: the compat ABI is the ABI of an
 * AArch32 *program* (is_compat_task() is a property of the task, set by
 * execve of a 32-bit ELF; arch/arm64/include/asm/compat.h). So there is no
 * in-process compat entry here, and compat calls are made by a static
 * AArch32 helper (suites/helpers/ *_compat.c, arm-linux-gnueabihf-gcc).
 */
#include <errno.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/elf.h>		/* NT_PRSTATUS, NT_ARM_SYSTEM_CALL */
#include <sys/syscall.h>

#include "arch.h"

/*
 * Upper bounds of the syscall tables: asm-generic and arch/arm/tools/
 * syscall.tbl end near 470 in 6.18 (listns), as on x86. AArch32's private
 * calls (__ARM_NR_BASE 0x0f0000: cacheflush, set_tls, ...) lie past it.
 */
#define NATIVE_NR_BOUND	512
#define ARM_NR_BOUND	512

static const struct sct_arch aarch64 = {
	.name = "aarch64",
	.audit_arch = AUDIT_ARCH_AARCH64,
	.nr_bound = NATIVE_NR_BOUND,
	.compat_name = "arm",
	.compat_audit_arch = AUDIT_ARCH_ARM,
	.compat_nr_bound = ARM_NR_BOUND,
	.x32_bit = 0,
	.skip_returns_arg0 = true,
	.compat_exec = "an AArch32 program (CONFIG_COMPAT and a CPU with AArch32 at EL0)",
};

const struct sct_arch *sct_arch_native(void)
{
	return &aarch64;
}

/*
 * AArch32 EABI numbers, from arch/arm/tools/syscall.tbl ("common" rows; the
 * aarch64 build has no header with them). socketcall is OABI only: the
 * EABI has the socket calls as syscalls of their own, so it is unknown here.
 */
static const struct { const char *name; long nr; } arm_nrs[] = {
	{ "restart_syscall", 0 }, { "exit", 1 }, { "read", 3 }, { "write", 4 },
	{ "close", 6 }, { "getpid", 20 }, { "getuid", 24 }, { "kill", 37 },
	{ "mkdir", 39 }, { "dup", 41 }, { "getppid", 64 }, { "getpriority", 96 },
	{ "uname", 122 }, { "prctl", 172 }, { "getuid32", 199 }, { "gettid", 224 },
	{ "exit_group", 248 }, { "socket", 281 },
};

long sct_arch_compat_nr(const char *name)
{
	for (size_t i = 0; i < sizeof(arm_nrs) / sizeof(arm_nrs[0]); i++)
		if (!strcmp(arm_nrs[i].name, name))
			return arm_nrs[i].nr;
	return -1;
}

const char *sct_arch_compat_name(long nr)
{
	for (size_t i = 0; i < sizeof(arm_nrs) / sizeof(arm_nrs[0]); i++)
		if (arm_nrs[i].nr == nr)
			return arm_nrs[i].name;
	return NULL;
}

bool sct_arch_has_compat_entry(void)
{
	return false;
}

long sct_arch_compat_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)nr, (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return -ENOSYS;
}

/*
 * sct_arch_syscall6(nr = x0, args = x1): the syscall ABI wants nr in x8
 * and the arguments in x0..x5; `svc #0` returns in x0 and preserves every
 * other register. x8 and x9 are caller-saved (temporaries) in the C ABI.
 * An svc is 4 bytes and ELR_EL1 points past it, so the label after it is
 * the pc the kernel records (instruction_pointer(regs), KSTK_EIP).
 */
asm(".text\n"
    ".globl sct_arch_syscall6\n"
    ".type sct_arch_syscall6, %function\n"
    ".p2align 2\n"
    "sct_arch_syscall6:\n"
    "	mov x8, x0\n"
    "	mov x9, x1\n"
    "	ldp x0, x1, [x9]\n"
    "	ldp x2, x3, [x9, #16]\n"
    "	ldp x4, x5, [x9, #32]\n"
    "	svc #0\n"
    ".globl sct_arch_syscall6_after\n"
    ".hidden sct_arch_syscall6_after\n"
    "sct_arch_syscall6_after:\n"
    "	ret\n"
    ".size sct_arch_syscall6, . - sct_arch_syscall6\n"
    /* the same, at a second address (sct_arch_syscall6_other) */
    ".globl sct_arch_syscall6_other\n"
    ".type sct_arch_syscall6_other, %function\n"
    ".p2align 2\n"
    "sct_arch_syscall6_other:\n"
    "	mov x8, x0\n"
    "	mov x9, x1\n"
    "	ldp x0, x1, [x9]\n"
    "	ldp x2, x3, [x9, #16]\n"
    "	ldp x4, x5, [x9, #32]\n"
    "	svc #0\n"
    "	ret\n"
    ".size sct_arch_syscall6_other, . - sct_arch_syscall6_other\n");

const void *sct_arch_syscall6_ip(void)
{
	extern const char sct_arch_syscall6_after[];

	return sct_arch_syscall6_after;
}

const void *sct_arch_syscall6_start(void)
{
	return (const void *)sct_arch_syscall6;
}

/*
 * ---- ptrace syscall registers ----
 * NT_PRSTATUS is struct user_pt_regs (x0..x30, sp, pc, pstate); the number
 * is regs->syscallno, read and written only through NT_ARM_SYSTEM_CALL
 * (system_call_get/set in arch/arm64/kernel/ptrace.c). x0 is both the first
 * argument and the return value: a skipped call (nr -1) returns what x0
 * holds (el0_svc_common), so set_sysregs writes ret there for a skip and
 * args[0] otherwise. During a syscall-entry/exit stop x7 holds the
 * direction (report_syscall), which is past the six arguments.
 */
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <asm/ptrace.h>

static int regset(int pid, int req, int type, void *buf, size_t len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = len };

	if (ptrace(req, pid, (void *)(long)type, &iov))
		return -errno;
	return iov.iov_len == len ? 0 : -EIO;
}

int sct_arch_get_sysregs(int pid, struct sct_arch_sysregs *r)
{
	struct user_pt_regs regs;
	int nr, err;

	err = regset(pid, PTRACE_GETREGSET, NT_PRSTATUS, &regs, sizeof(regs));
	if (!err)
		err = regset(pid, PTRACE_GETREGSET, NT_ARM_SYSTEM_CALL, &nr, sizeof(nr));
	if (err)
		return err;
	*r = (struct sct_arch_sysregs) {
		.nr = nr, .ret = (long)regs.regs[0], .ip = regs.pc,
		.args = { regs.regs[0], regs.regs[1], regs.regs[2], regs.regs[3],
			  regs.regs[4], regs.regs[5] },
	};
	return 0;
}

int sct_arch_set_sysregs(int pid, const struct sct_arch_sysregs *r)
{
	struct user_pt_regs regs;
	int nr = (int)r->nr, err;

	err = regset(pid, PTRACE_GETREGSET, NT_PRSTATUS, &regs, sizeof(regs));
	if (err)
		return err;
	regs.regs[0] = r->nr == -1 ? (unsigned long)r->ret : r->args[0];
	for (int i = 1; i < 6; i++)
		regs.regs[i] = r->args[i];
	err = regset(pid, PTRACE_SETREGSET, NT_PRSTATUS, &regs, sizeof(regs));
	if (!err)
		err = regset(pid, PTRACE_SETREGSET, NT_ARM_SYSTEM_CALL, &nr, sizeof(nr));
	return err;
}

/* arch/arm64/kernel/signal.c: a native -ERESTART_RESTARTBLOCK sets x8 to
 * __NR_restart_syscall (asm-generic 128). */
long sct_arch_restart_syscall_nr(void)
{
	return __NR_restart_syscall;
}

/*
 * ---- SIGSYS ucontext ----
 * syscall_rollback (arch/arm64/include/asm/syscall.h) put orig_x0 back in
 * x0, so the handler sees the call as made: x8 the number, x0..x5 the
 * arguments, pc past the svc.
 */
#include <ucontext.h>

void sct_arch_trap_regs(const void *uctx, struct sct_arch_trap_regs *r)
{
	const mcontext_t *m = &((const ucontext_t *)uctx)->uc_mcontext;

	*r = (struct sct_arch_trap_regs) {
		.nr = (long)m->regs[8], .ip = (unsigned long)m->pc,
		.args = { m->regs[0], m->regs[1], m->regs[2], m->regs[3], m->regs[4],
			  m->regs[5] },
	};
}

void sct_arch_trap_set_ret(void *uctx, long ret)
{
	((ucontext_t *)uctx)->uc_mcontext.regs[0] = (unsigned long)ret;
}

/* No CPUID: lib/env.c reads the MIDR implementer from /proc/cpuinfo. */
void sct_arch_hypervisor_signature(char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
}
