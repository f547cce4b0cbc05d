// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64.c - facts about x86_64: AUDIT_ARCH_X86_64 natively, i386 as the
 * compat ABI (entered with `int $0x80`, numbers from asm/unistd_32.h), and
 * x32 numbers marked by __X32_SYSCALL_BIT (0x40000000).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>
#include <asm/unistd_32.h>	/* i386 numbers only: no native header here */

#include "arch.h"

/* arch/x86/include/asm/unistd.h: __X32_SYSCALL_BIT */
#define X32_SYSCALL_BIT 0x40000000U
/*
 * Upper bounds of the syscall tables: x86_64 and i386 end near 470 in 6.18
 * (listns). Sweeps cover [0, bound); the kernel's own NR_syscalls may be
 * smaller, and numbers past it are simply unknown syscalls.
 */
#define NATIVE_NR_BOUND	512
#define I386_NR_BOUND	512

/*
 * arch/x86/entry/syscalls/syscall_64.tbl (newer than Debian's uapi headers):
 * 335 uretprobe (Linux 6.11), 336 uprobe (Linux 6.18), both 64-bit only.
 */
#define X86_64_NR_URETPROBE	335
#define X86_64_NR_UPROBE	336

/*
 * The uprobe site: a 5-byte nop (nopl 0x0(%rax,%rax,1)) and ret. A uprobe
 * on it is hit as an int3 first; arch_uprobe_optimize then rewrites the nop
 * into a call of the [uprobes-trampoline] page, whose `syscall` is uprobe(2).
 * can_optimize wants the nop within one page: the 16-byte alignment keeps
 * it so. No endbr64 before it: the probed instruction must be the nop.
 */
void sct_x86_64_uprobe_site(void);
asm(".text\n"
    ".balign 16\n"
    ".globl sct_x86_64_uprobe_site\n"
    ".hidden sct_x86_64_uprobe_site\n"
    ".type sct_x86_64_uprobe_site, @function\n"
    "sct_x86_64_uprobe_site:\n"
    "	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n"
    "	ret\n"
    ".size sct_x86_64_uprobe_site, . - sct_x86_64_uprobe_site\n");

static const struct sct_arch x86_64 = {
	.name = "x86_64",
	.audit_arch = AUDIT_ARCH_X86_64,
	.nr_bound = NATIVE_NR_BOUND,
	.compat_name = "i386",
	.compat_audit_arch = AUDIT_ARCH_I386,
	.compat_nr_bound = I386_NR_BOUND,
	.x32_bit = X32_SYSCALL_BIT,
	.skip_returns_arg0 = false,
	.compat_exec = "an i386 program (CONFIG_IA32_EMULATION)",
	.nr_uretprobe = X86_64_NR_URETPROBE,
	.nr_uprobe = X86_64_NR_UPROBE,
	.uprobe_site = sct_x86_64_uprobe_site,
	.uprobe_site_optimized = 0xe8,		/* call rel32 (relative_call) */
};

const struct sct_arch *sct_arch_native(void)
{
	return &x86_64;
}

#define NR(n) { #n, __NR_##n }
static const struct { const char *name; long nr; } i386_nrs[] = {
	NR(exit), NR(read), NR(write), NR(getpid), NR(getppid), NR(gettid),
	NR(getuid), NR(getuid32), NR(uname), NR(exit_group), NR(kill),
	NR(socketcall), NR(close), NR(dup), NR(prctl), NR(getpriority), NR(mkdir),
};

long sct_arch_compat_nr(const char *name)
{
	for (size_t i = 0; i < sizeof(i386_nrs) / sizeof(i386_nrs[0]); i++)
		if (!strcmp(i386_nrs[i].name, name))
			return i386_nrs[i].nr;
	return -1;
}

const char *sct_arch_compat_name(long nr)
{
	for (size_t i = 0; i < sizeof(i386_nrs) / sizeof(i386_nrs[0]); i++)
		if (i386_nrs[i].nr == nr)
			return i386_nrs[i].name;
	return NULL;
}

bool sct_arch_has_compat_entry(void)
{
	return true;
}

long sct_arch_compat_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	long ret;

	/*
	 * int $0x80 takes eax = nr, ebx, ecx, edx, esi, edi, ebp; the kernel
	 * zeroes r8-r11 for 64-bit callers, so they are clobbered. The sixth
	 * argument would need ebp, which may be the frame pointer: unsupported.
	 */
	if (a5)
		return -EINVAL;
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3), "D"(a4)
		     : "r8", "r9", "r10", "r11", "memory", "cc");
	return (int)ret;	/* a 32-bit result, sign-extended */
}

/*
 * sct_arch_syscall6(nr = rdi, args = rsi): the syscall ABI wants nr in rax
 * and the arguments in rdi, rsi, rdx, r10, r8, r9; rcx and r11 are
 * clobbered by the instruction. All of these are caller-saved in the C
 * ABI, so a plain function in assembly needs no saves. The label after the
 * instruction is the return address the kernel records in regs->ip.
 */
asm(".text\n"
    ".globl sct_arch_syscall6\n"
    ".type sct_arch_syscall6, @function\n"
    "sct_arch_syscall6:\n"
    "	movq %rdi, %rax\n"
    "	movq %rsi, %r11\n"
    "	movq 0(%r11), %rdi\n"
    "	movq 8(%r11), %rsi\n"
    "	movq 16(%r11), %rdx\n"
    "	movq 24(%r11), %r10\n"
    "	movq 32(%r11), %r8\n"
    "	movq 40(%r11), %r9\n"
    "	syscall\n"
    ".globl sct_arch_syscall6_after\n"
    ".hidden sct_arch_syscall6_after\n"
    "sct_arch_syscall6_after:\n"
    "	ret\n"
    ".size sct_arch_syscall6, . - sct_arch_syscall6\n"
    /* the same, at a second address (sct_arch_syscall6_other) */
    ".globl sct_arch_syscall6_other\n"
    ".type sct_arch_syscall6_other, @function\n"
    "sct_arch_syscall6_other:\n"
    "	movq %rdi, %rax\n"
    "	movq %rsi, %r11\n"
    "	movq 0(%r11), %rdi\n"
    "	movq 8(%r11), %rsi\n"
    "	movq 16(%r11), %rdx\n"
    "	movq 24(%r11), %r10\n"
    "	movq 32(%r11), %r8\n"
    "	movq 40(%r11), %r9\n"
    "	syscall\n"
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

/* ---- ptrace syscall registers: orig_rax is the call, rax its result ---- */
#include <sys/ptrace.h>
#include <sys/user.h>

/* arch/x86/entry/syscalls/syscall_64.tbl (asm/unistd_32.h is included) */
#define X86_64_NR_RESTART_SYSCALL 219

int sct_arch_get_sysregs(int pid, struct sct_arch_sysregs *r)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
		return -errno;
	*r = (struct sct_arch_sysregs) {
		.nr = (long)regs.orig_rax, .ret = (long)regs.rax, .ip = regs.rip,
		.args = { regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9 },
	};
	return 0;
}

int sct_arch_set_sysregs(int pid, const struct sct_arch_sysregs *r)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
		return -errno;
	regs.orig_rax = (unsigned long)r->nr;
	regs.rax = (unsigned long)r->ret;
	regs.rdi = r->args[0], regs.rsi = r->args[1], regs.rdx = r->args[2];
	regs.r10 = r->args[3], regs.r8 = r->args[4], regs.r9 = r->args[5];
	return ptrace(PTRACE_SETREGS, pid, NULL, &regs) ? -errno : 0;
}

long sct_arch_restart_syscall_nr(void)
{
	return X86_64_NR_RESTART_SYSCALL;
}

/* ---- SIGSYS ucontext: rax holds the number again (orig_rax), rip the return ---- */
#include <ucontext.h>

void sct_arch_trap_regs(const void *uctx, struct sct_arch_trap_regs *r)
{
	const greg_t *g = ((const ucontext_t *)uctx)->uc_mcontext.gregs;

	*r = (struct sct_arch_trap_regs) {
		.nr = (long)g[REG_RAX], .ip = (unsigned long)g[REG_RIP],
		.args = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] },
	};
}

void sct_arch_trap_set_ret(void *uctx, long ret)
{
	((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RAX] = ret;
}

/* ---- CPUID hypervisor leaf ---- */
#include <cpuid.h>

void sct_arch_hypervisor_signature(char *buf, size_t len)
{
	unsigned int a, sig[3];
	char s[13];

	__cpuid(0x40000000, a, sig[0], sig[1], sig[2]);
	memcpy(s, sig, 12);
	s[12] = '\0';
	for (int i = 0; i < 12; i++)
		if (s[i] && (s[i] < 32 || s[i] > 126))
			s[i] = '?';
	snprintf(buf, len, "%s", s);
}
