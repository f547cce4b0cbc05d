/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * validator.h - a userspace model of the rules the kernel applies before it
 * accepts a classic BPF program as a seccomp filter:
 *
 *  1. length 1..BPF_MAXINSNS (seccomp_prepare_filter, bpf_check_basics_ok)
 *     and a non-NULL instruction pointer;
 *  2. bpf_check_classic (net/core/filter.c): known opcodes, constant
 *     divisors and shift counts, scratch cells < 16, jumps inside the
 *     program, last instruction a RET, then check_load_and_stores (no
 *     scratch cell read before it is written on every path to the read);
 *  3. seccomp_check_filter (kernel/seccomp.c): the seccomp subset of
 *     opcodes, LD|W|ABS offsets 4-byte aligned inside struct seccomp_data.
 *
 * What it cannot model: EFAULT for unreadable user memory, EACCES without
 * no_new_privs, ENOMEM for the per-path instruction limit of a stack of
 * filters (that one is arithmetic: see SCT_MAX_INSNS_PER_PATH in uapi.h).
 */
#ifndef SCT_VALIDATOR_H
#define SCT_VALIDATOR_H

#include <stddef.h>
#include <stdint.h>

#include "uapi.h"

/* Would the kernel accept this program as a seccomp filter? 0 when it would,
 * -EINVAL when not, with the reason in why (may be NULL). */
int sct_validate(const struct sock_filter *insns, size_t len, char *why, size_t whylen);

/*
 * Length of an accepted program after the kernel converts it to eBPF
 * (net/core/filter.c, bpf_convert_filter): what seccomp_attach_filter's
 * per-path limit counts, as len + 4 per filter against
 * SCT_MAX_INSNS_PER_PATH. A 3-instruction prologue, then per instruction:
 * RET K 2, DIV|MOD X 5, a conditional jump 1, plus 1 when it compares with
 * a K above 0x7fffffff, plus 1 when both jt and jf are non-zero (or JSET
 * with only jf non-zero); everything else 1. Assumes no constant blinding
 * (net.core.bpf_jit_harden = 0, or 1 with CAP_BPF). 0 when the program
 * would be rejected.
 */
size_t sct_converted_len(const struct sock_filter *insns, size_t len);

/* Mnemonic of an opcode for reports, e.g. "ld [k]", "jeq #k", or "0x1234" when invalid. */
const char *sct_opcode_name(uint16_t code, char *buf, size_t len);

#endif
