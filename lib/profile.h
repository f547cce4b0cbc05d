/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * profile.h - compile a Docker/OCI seccomp profile (the JSON Docker, Podman,
 * containerd and Kubernetes Localhost profiles use) into a rule set
 * (ruleset.h), resolved the way moby + runc + libseccomp resolve it for one
 * capability set, architecture and kernel version.
 *
 * What the compiler does, and whose behaviour each step follows:
 *  - includes/excludes (moby seccomp_linux.go setupSeccomp): an entry is
 *    dropped when excludes.arches holds the arch, when ANY excludes.caps is
 *    held, or when the kernel is >= excludes.minKernel; it is kept only when
 *    includes.arches (if any) holds the arch, ALL includes.caps are held and
 *    the kernel is >= includes.minKernel. minKernel is "MAJOR.MINOR" and
 *    compares like moby's kernelGreaterEqualThan (patch level ignored).
 *  - actions (runc getAction): KILL and KILL_THREAD -> KILL_THREAD; ERRNO and
 *    TRACE carry errnoRet, EPERM when it is absent; errnoRet is ignored on the
 *    other actions.
 *  - a rule whose action equals the default action is dropped (runc skips
 *    it: libseccomp refuses such rules), counted in stats.redundant.
 *  - names libseccomp cannot resolve to a syscall of the arch are skipped
 *    (runc logs and ignores them), counted and listed in stats.unknown.
 *  - args: all conditions of an entry must hold (AND). When two conditions
 *    name the same argument, runc adds each as a separate rule (OR); so do
 *    we (stats.split counts such entries). MASKED_EQ: value is the mask,
 *    valueTwo the datum, (arg & value) == valueTwo, as libseccomp's
 *    SCMP_CMP_MASKED_EQ(mask, datum); libseccomp masks the datum too, so
 *    its bits outside the mask never matter. valueTwo is ignored by the
 *    other ops.
 *  - several rules for one syscall: the rule set's semantics is "first
 *    matching rule wins". libseccomp agrees for rules with the same action
 *    and for disjoint conditions; it also keeps the FIRST of two
 *    unconditional rules. It differs in two places, handled as follows:
 *      1. an unconditional rule REPLACES earlier conditional rules of the
 *         syscall in libseccomp (whatever their action) and later
 *         conditional rules are ignored: the compiler does the same
 *         (stats.superseded counts the rules dropped);
 *      2. overlapping conditional rules with DIFFERENT actions are ordered
 *         by libseccomp's own tree (it tests e.g. `a1 == x` before `a0`, and
 *         `> 20` before `> 10`), not by profile order. The compiler keeps
 *         profile order and lists such syscalls in stats.order_sensitive,
 *         so a caller can refuse or flag them.
 *    In the Docker and Podman defaults (any capability set) the only
 *    syscalls with rules of different actions are Podman's socket (EQ 40
 *    EPERM first, then ALLOW rules on other values: EQ/NE on one argument,
 *    where libseccomp also tests the EQ first, so both give EPERM for 40) and
 *    Podman's setns (unconditional ALLOW, then an unconditional EPERM mirror
 *    without CAP_SYS_ADMIN: the first wins in both), so the model and
 *    libseccomp agree there; order_sensitive lists socket for Podman without
 *    CAP_AUDIT_WRITE, whose EQ 40 and NE 16 rules overlap at 40.
 *  - x86 (i386): the socket and SysV IPC names become rules on the direct
 *    call (when i386 has one) and on socketcall/ipc with a0 == the
 *    sub-call, the rule's a0 conditions dropped, as libseccomp does
 *    (profile_arch.c).
 *  - two rules of one syscall with the same conditions and different
 *    actions: libseccomp refuses the second for every arch of the filter
 *    (-EEXIST) and runc and crun then fail to start the container; so does
 *    the compiler (an error naming the entry).
 *  - arches (opts.runtime): SCT_PROFILE_ONE_ARCH compiles the one arch,
 *    calls of any other arch get bad_arch_action, KILL_THREAD (libseccomp's
 *    default). SCT_PROFILE_RUNC and SCT_PROFILE_CRUN compile the program
 *    the runtime installs: the arch plus the archMap entry's sub-arches
 *    (moby appends subArchitectures; or the flat "architectures" list),
 *    each its own block (ruleset.h sub[]), x32 merged into x86_64's
 *    numbers (x32_rules); all arches share the entries moby kept for the
 *    host arch. RUNC adds runc's ENOSYS stub (patchbpf/enosys_linux.go)
 *    unless the default action is ALLOW, LOG or TRACE: per listed arch,
 *    numbers above the highest one any kept entry names (whatever its
 *    action) get ERRNO(ENOSYS). runc skips the stub when defaultErrnoRet
 *    "is ENOSYS", but compares the errno with the whole action value, so
 *    Podman's defaultErrnoRet 38 still gets the stub; so does the model.
 *    CRUN installs the libseccomp filter as it is.
 *
 * The two stages and the profile as written (for tools that explain a
 * decision) are in profile_model.h: parse (profile_parse.c) and resolve
 * (profile_resolve.c). Each compiled rule remembers the syscalls[] entry it
 * came from (sct_profile_rule_path); the default action is "defaultAction".
 *
 * Errors: one message naming the JSON path, e.g.
 *   syscalls[17].args[0].op: unknown operator "SCMP_CMP_FOO"
 * and -EINVAL (-ENOENT/-EIO/... for the file, -ENOMEM).
 */
#ifndef SCT_PROFILE_H
#define SCT_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ruleset.h"
#include "tree.h"		/* sct_tree_find, SCT_PROFILE_FIND: callers of old */

/* Limits on the input, far above any real profile. */
#define SCT_PROFILE_MAX_NAMES	4096		/* names in one entry */
#define SCT_PROFILE_MAX_ENTRIES	4096		/* entries in syscalls[] */
#define SCT_PROFILE_MAX_BYTES	(16 << 20)	/* file size */

/* Docker's default capability set (moby oci/caps/defaults.go), 14 names. */
extern const char *const sct_profile_docker_caps[];
extern const size_t sct_profile_docker_ncaps;

/* Which program to model (see above). */
enum sct_profile_runtime {
	SCT_PROFILE_ONE_ARCH,		/* the arch alone: what one arch's benchmarks lay out */
	SCT_PROFILE_RUNC,		/* runc (Docker, containerd): all arches + ENOSYS stub */
	SCT_PROFILE_CRUN,		/* crun (Podman): all arches, no stub */
};

/* "one-arch", "runc", "crun"; and back (-1 when unknown). */
const char *sct_profile_runtime_name(enum sct_profile_runtime r);
int sct_profile_runtime_from_name(const char *name);

struct sct_profile_opts {
	/* Held capabilities, "CAP_SYS_ADMIN" or "sys_admin"; NULL = Docker's
	 * default set. ncaps = 0 with caps != NULL: no capabilities. */
	const char *const *caps;
	size_t ncaps;
	/* Arch as profiles name it in includes.arches: "amd64", "arm64",
	 * "x86", "arm", "s390x", "ppc64le", "riscv64"; NULL = native. */
	const char *arch;
	/* Kernel version for minKernel, "6.18" or a uname release; NULL =
	 * the running kernel's release. */
	const char *kernel;
	enum sct_profile_runtime runtime;
};

struct sct_profile_stats {
	uint32_t default_action;	/* SECCOMP_RET_* | data */
	size_t entries;			/* entries in syscalls[] */
	size_t entries_used;		/* kept after includes/excludes */
	size_t rules;			/* rules in the rule set */
	size_t syscalls;		/* distinct syscall numbers with rules */
	size_t redundant;		/* rules with the default action, dropped */
	size_t split;			/* entries split into OR rules (same arg twice) */
	size_t superseded;		/* rules an unconditional rule replaced */
	size_t unknown_names;		/* distinct names not syscalls of the arch */
	char unknown[4096];		/* those names, space-separated ("..." if cut) */
	size_t order_sensitive;		/* syscalls whose outcome depends on rule order */
	char order_sensitive_names[512];
	char arch[16];			/* includes.arches name used, e.g. "amd64" */
	char arches[160];		/* archMap entry: "SCMP_ARCH_X86_64 SCMP_ARCH_X86 ..." */
	unsigned int kernel_major, kernel_minor;	/* used for minKernel */
};

/*
 * Compile the profile at path for opts (NULL: Docker's default caps, the
 * native arch, the running kernel). On success returns 0, *out holds a new
 * rule set (sct_ruleset_free) and *st (if not NULL) the statistics. On
 * failure returns a negative errno, *out is NULL and err holds one line.
 */
int sct_profile_load(const char *path, const struct sct_profile_opts *opts,
		     struct sct_ruleset **out, struct sct_profile_stats *st,
		     char *err, size_t errlen);

/* The same from a JSON text in memory (len bytes, need not be terminated). */
int sct_profile_load_mem(const char *json, size_t len, const struct sct_profile_opts *opts,
			 struct sct_ruleset **out, struct sct_profile_stats *st,
			 char *err, size_t errlen);

/*
 * Tag every ERRNO action of rs (default and rules, every arch block) with
 * base: ERRNO(e) becomes ERRNO(base + e); runc's stub keeps its ENOSYS. A live test can then tell the filter's verdict
 * (errno >= base) from the syscall's own errors. Returns -ERANGE (and
 * changes nothing) when some base + e would exceed MAX_ERRNO (4095).
 */
int sct_profile_tag_errnos(struct sct_ruleset *rs, unsigned int base);

/* "ERRNO(38)", "ALLOW", "TRACE(1)", "KILL_PROCESS", ... into buf. */
const char *sct_profile_action_str(uint32_t action, char *buf, size_t len);

/* Write rs as text, one syscall a line: "  56 clone  a0 &0x7e020000 == 0 -> ALLOW". */
void sct_profile_dump(const struct sct_ruleset *rs, FILE *out);

/*
 * Where rule r of s came from, as a path in the profile: "syscalls[18]",
 * "syscalls[3].args[1]" (one condition of a split entry), or "" when it was
 * not compiled from a profile. The rule set's default action is the
 * profile's "defaultAction". Returns buf.
 */
const char *sct_profile_rule_path(const struct sct_syscall *s, size_t r, char *buf, size_t len);

/* The action rs gives syscall `name` (resolved for rs's arch) with these
 * arguments: a convenience over sct_ruleset_eval for tests and tools.
 * SCT_PROFILE_NO_SYSCALL when name is not a syscall of the arch. */
#define SCT_PROFILE_NO_SYSCALL 0xffffffffU
uint32_t sct_profile_eval_name(const struct sct_ruleset *rs, const char *name,
			       uint64_t a0, uint64_t a1, uint64_t a2);

#endif
