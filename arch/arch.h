/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch.h - per-architecture facts, behind one small interface. Each
 * architecture is one file, arch/<uname -m>.c, defining sct_arch_native();
 * the Makefile links the one matching the build machine.
 *
 * Native syscall numbers come from <sys/syscall.h> (the kernel's uapi
 * headers) everywhere; this interface adds what differs per arch: audit arch
 * values, the compat ABI and how to enter it, and the x32 bit.
 */
#ifndef SCT_ARCH_H
#define SCT_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sct_arch {
	const char *name;		/* uname -m, e.g. "x86_64" */
	uint32_t audit_arch;		/* AUDIT_ARCH_* seen by native calls */
	int nr_bound;			/* syscall numbers in use are below this */

	/* Compat ABI (32-bit calls from a 64-bit kernel); 0/NULL if none. */
	const char *compat_name;	/* e.g. "i386" */
	uint32_t compat_audit_arch;	/* e.g. AUDIT_ARCH_I386 */
	int compat_nr_bound;

	/* x32: native arch value, numbers with this bit set; 0 if none. */
	uint32_t x32_bit;

	/* A skipped call (nr -1 at a ptrace or seccomp stop) returns what the
	 * first argument register holds, because it is also the result
	 * register, unless the call was syscall(-1), for which the entry put
	 * -ENOSYS there (arm64 el0_svc_common); false: -ENOSYS (x86_64 sets
	 * it at entry for every call) or what the tracer wrote. */
	bool skip_returns_arg0;

	/* What a compat helper program (suites/helpers/ *_compat.c) is here
	 * and what running it needs; NULL when there is no compat ABI. */
	const char *compat_exec;

	/* The syscalls uprobes make from trampolines the kernel maps into a
	 * probed task: uretprobe (the return trampoline, Linux 6.11) and
	 * uprobe (an optimized uprobe, Linux 6.18); 0 where this arch has
	 * none. seccomp lets both through (seccomp_uprobe_exception). */
	int nr_uretprobe;
	int nr_uprobe;

	/* A function that returns at once and whose first instruction is
	 * one the kernel turns into a call of the uprobe trampoline once a
	 * uprobe on it was hit (x86_64: a 5-byte nop, can_optimize in
	 * arch/x86/kernel/uprobes.c); NULL where uprobes are never optimized. */
	void (*uprobe_site)(void);
	/* The first byte of that function once optimized (x86_64: 0xe8, call). */
	uint8_t uprobe_site_optimized;
};

/* The architecture this program was built for. */
const struct sct_arch *sct_arch_native(void);

/*
 * Compat syscall number for a name ("getpid"), from the kernel's uapi
 * headers for the compat ABI; -1 when unknown or there is no compat ABI.
 */
long sct_arch_compat_nr(const char *name);

/* The other way: the name of compat number nr among the calls
 * sct_arch_compat_nr knows; NULL when it is not one of them. */
const char *sct_arch_compat_name(long nr);

/*
 * Make a compat syscall from this (native) process, e.g. `int $0x80` on
 * x86_64. Arguments are truncated to 32 bits by the ABI; a5 must be 0
 * (the sixth register is the frame pointer). Returns the raw
 * kernel return value (negative errno on error). Returns -ENOSYS without
 * entering the kernel when the arch has no compat entry from native code.
 * The caller must know compat entry works (probe SCT_F_COMPAT_ENTRY):
 * with IA32 emulation off the instruction faults (SIGSEGV).
 */
long sct_arch_compat_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

/* True when sct_arch_compat_syscall can enter the kernel on this arch. */
bool sct_arch_has_compat_entry(void);

/*
 * Make native syscall nr with six whole 64-bit arguments from one fixed
 * syscall instruction. Returns the raw kernel return value: a negative
 * errno on error, any other value exactly as the kernel left it (no errno
 * convention applied). -ENOSYS without entering the kernel when this arch
 * has no such call site (then sct_arch_syscall6_ip() is NULL).
 */
long sct_arch_syscall6(long nr, const long args[6]);

/* The address right after that syscall instruction: what the kernel records
 * as seccomp_data.instruction_pointer for calls made through it. */
const void *sct_arch_syscall6_ip(void);

/* The first instruction of sct_arch_syscall6: its call site lies in
 * [sct_arch_syscall6_start(), sct_arch_syscall6_ip()]. */
const void *sct_arch_syscall6_start(void);

/* sct_arch_syscall6 from a second call site, outside that range. */
long sct_arch_syscall6_other(long nr, const long args[6]);

/*
 * The syscall registers of a tracee in a ptrace stop (syscall entry or
 * PTRACE_EVENT_SECCOMP): nr is the call the kernel will run (-1: skip it),
 * ret the return-value register, which a skipped call returns as it is.
 */
struct sct_arch_sysregs {
	long nr;
	long ret;
	unsigned long args[6];
	unsigned long ip;
};

/* Read them from stopped tracee pid: 0 or -errno (ptrace's). */
int sct_arch_get_sysregs(int pid, struct sct_arch_sysregs *r);
/* Write nr, ret and args back (ip is left as it is): 0 or -errno. Where
 * one register holds both args[0] and the return value (aarch64: x0), it
 * gets ret when nr is -1 (a skip) and args[0] otherwise; there args[0] read
 * at a syscall-exit stop is the return value. */
int sct_arch_set_sysregs(int pid, const struct sct_arch_sysregs *r);

/* The native number the kernel restarts an interrupted call with
 * (-ERESTART_RESTARTBLOCK): what filters and tracers then see. */
long sct_arch_restart_syscall_nr(void);

/*
 * A SIGSYS handler's view of a call that SECCOMP_RET_TRAP stopped: the
 * kernel rolled the registers back (syscall_rollback), so the handler's
 * ucontext holds the call as it was made, and ip is where it returns to.
 */
struct sct_arch_trap_regs {
	long nr;
	unsigned long args[6];
	unsigned long ip;
};

/* Read them from the handler's third argument (a ucontext_t). */
void sct_arch_trap_regs(const void *uctx, struct sct_arch_trap_regs *r);
/* Make the trapped call return ret once the handler returns: in-process
 * emulation, what TRAP is for (Documentation/userspace-api/seccomp_filter.rst). */
void sct_arch_trap_set_ret(void *uctx, long ret);

/* The CPU's own hypervisor signature, for labelling benchmark hosts:
 * x86 CPUID leaf 0x40000000 ("KVMKVMKVM", "TCGTCGTCGTCG"), printable
 * characters only; "" where the arch has no such leaf (aarch64). */
void sct_arch_hypervisor_signature(char *buf, size_t len);

#endif
