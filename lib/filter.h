/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * filter.h - the one way this suite builds seccomp programs.
 *
 * Instructions are appended in order; jumps name labels, never offsets.
 * sct_filter_build() resolves labels, inserts JA trampolines where a
 * conditional jump would exceed 255 instructions, and refuses programs the
 * kernel would refuse for their length. Errors are sticky: the first one is
 * kept and reported by build, so call sites need not check every append.
 *
 *	struct sct_filter *f = sct_filter_new();
 *	sct_label deny = sct_label_new(f);
 *	sct_ld_nr(f);
 *	sct_jeq(f, __NR_getppid, deny, SCT_NEXT);
 *	sct_ret(f, SECCOMP_RET_ALLOW);
 *	sct_label_here(f, deny);
 *	sct_ret(f, SECCOMP_RET_ERRNO | EPERM);
 *	if (sct_filter_build(f, &prog)) ... sct_filter_error(f) ...
 */
#ifndef SCT_FILTER_H
#define SCT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi.h"

struct sct_filter;

/* A jump target. SCT_NEXT means "the instruction after this one". */
typedef int sct_label;
#define SCT_NEXT 0

/* 64-bit argument comparisons, as libseccomp's SCMP_CMP_* (unsigned). */
enum sct_cmp {
	SCT_CMP_EQ,
	SCT_CMP_NE,
	SCT_CMP_LT,
	SCT_CMP_LE,
	SCT_CMP_GT,
	SCT_CMP_GE,
	SCT_CMP_MASKED_EQ,	/* (arg & mask) == (value & mask), as libseccomp */
	SCT_CMP_COUNT
};

/* Name of a comparison, e.g. "GE". */
const char *sct_cmp_name(enum sct_cmp op);
/* Its symbol in text output, "==", ">=" (MASKED_EQ: "==", after "& mask"). */
const char *sct_cmp_symbol(enum sct_cmp op);
/* The mathematical truth of `arg op value` (mask only for MASKED_EQ). */
bool sct_cmp_eval(enum sct_cmp op, uint64_t arg, uint64_t value, uint64_t mask);

struct sct_filter *sct_filter_new(void);
void sct_filter_free(struct sct_filter *f);

sct_label sct_label_new(struct sct_filter *f);
/* Bind a label to the next instruction appended. */
void sct_label_here(struct sct_filter *f, sct_label l);

/* Loads into A from struct seccomp_data. */
void sct_ld_nr(struct sct_filter *f);
void sct_ld_arch(struct sct_filter *f);
void sct_ld_arg_lo(struct sct_filter *f, unsigned int arg);
void sct_ld_arg_hi(struct sct_filter *f, unsigned int arg);
void sct_ld_ip_lo(struct sct_filter *f);
void sct_ld_ip_hi(struct sct_filter *f);
void sct_ld_abs(struct sct_filter *f, uint32_t offset);

/* Conditional jumps on A against a constant. */
void sct_jeq(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf);
void sct_jge(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf);
void sct_jgt(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf);
void sct_jset(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf);
void sct_ja(struct sct_filter *f, sct_label target);
/* Conditional jump on A against X: op is BPF_JEQ, BPF_JGE, BPF_JGT or
 * BPF_JSET (for simulator and validator tests; layouts never compare X). */
void sct_jx(struct sct_filter *f, uint16_t op, sct_label jt, sct_label jf);
void sct_and(struct sct_filter *f, uint32_t k);

/* Return an action (SECCOMP_RET_* | data), or the value in A. */
void sct_ret(struct sct_filter *f, uint32_t action);
void sct_ret_a(struct sct_filter *f);

/* Any non-jump instruction, for the few programs that need ALU or scratch
 * memory (benchmarks that defeat the cache, validator edge cases). */
void sct_insn(struct sct_filter *f, uint16_t code, uint32_t k);

/* Jump to jt when `args[arg] op value` holds on all 64 bits, else to jf.
 * Splits the comparison into the 32-bit halves seccomp_data offers. */
void sct_cmp64(struct sct_filter *f, unsigned int arg, enum sct_cmp op,
	       uint64_t value, uint64_t mask, sct_label jt, sct_label jf);

/* ld arch; jeq audit_arch, next, (ret bad_action). */
void sct_check_arch(struct sct_filter *f, uint32_t audit_arch, uint32_t bad_action);

/*
 * Resolve labels and check the length. Returns 0 and fills *prog (whose
 * instructions belong to f, valid until f is freed or changed), or a
 * negative errno: -E2BIG over 4096 instructions (unless
 * sct_filter_allow_oversize), -EINVAL for unbound labels, backward jumps,
 * bad offsets or an empty program, -ENOMEM.
 */
int sct_filter_build(struct sct_filter *f, struct sock_fprog *prog);
/* For the tests of the kernel's length limit: build programs over 4096. */
void sct_filter_allow_oversize(struct sct_filter *f);
/* The first error, as a sentence; "" when there is none. */
const char *sct_filter_error(const struct sct_filter *f);
/* Instructions appended so far (before trampolines). */
size_t sct_filter_count(const struct sct_filter *f);

/* Shapes the suites use again and again, built through the calls above. */

/* Native arch: `nr` returns `action`, everything else `otherwise`. */
struct sct_filter *sct_filter_for_nr(long nr, uint32_t action, uint32_t otherwise);
/* Every syscall returns `action`. */
struct sct_filter *sct_filter_ret(uint32_t action);

#endif
