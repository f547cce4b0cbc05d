/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * disasm.h - print a classic-BPF seccomp program for humans: one line per
 * instruction, jump targets as labels (L<index>), seccomp_data offsets by
 * name, actions by name, and optional per-instruction hit counts.
 */
#ifndef SCT_DISASM_H
#define SCT_DISASM_H

#include <stddef.h>
#include <stdio.h>

#include "uapi.h"

/* One instruction as text ("jeq #0x27, L12, L5"), into buf. Returns buf. */
const char *sct_disasm_insn(const struct sock_filter *insns, size_t len, size_t pc,
			    char *buf, size_t buflen);

/* The whole program to out; hits (len counters) printed when not NULL. */
void sct_disasm(FILE *out, const struct sock_filter *insns, size_t len,
		const unsigned long *hits);

#endif
