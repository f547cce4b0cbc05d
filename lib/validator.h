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

/* Mnemonic of an opcode for reports, e.g. "ld [k]", "jeq #k", or "0x1234" when invalid. */
const char *sct_opcode_name(uint16_t code, char *buf, size_t len);

#endif
