/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim.h - a counting classic-BPF interpreter with seccomp semantics.
 *
 * sct_sim_load() accepts a program only when the validator model
 * (lib/validator.h) says the kernel would
 * (every opcode seccomp_check_filter allows, nothing else); sct_sim_run()
 * then executes it on a struct seccomp_data exactly as the kernel's classic
 * BPF does (A, X, M[16] start at 0; DIV by X == 0 ends the program with
 * return value 0; LD/LDX LEN read 64, the size of seccomp_data) and counts
 * the instructions it executed. sct_sim_const_allow() is the kernel's
 * constant-action cache emulation (kernel/seccomp.c, seccomp_is_const_allow):
 * with only nr and arch known, does the path reach RET ALLOW using nothing
 * but LD W ABS of nr/arch, JA, JEQ/JGE/JGT/JSET K and ALU AND K?
 */
#ifndef SCT_SIM_H
#define SCT_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi.h"

/* A program the validator model accepted; insns are borrowed, not copied. */
struct sct_sim {
	const struct sock_filter *insns;
	size_t len;
};

/* What one run did. */
struct sct_sim_result {
	uint32_t action;	/* the program's return value */
	size_t executed;	/* instructions executed, the RET included */
};

/*
 * Check insns[0..len) as the kernel would at attach time and, when it would
 * accept them, fill *sim. Returns 0, or -EINVAL with the reason in why
 * (may be NULL).
 */
int sct_sim_load(struct sct_sim *sim, const struct sock_filter *insns, size_t len,
		 char *why, size_t whylen);

/*
 * Run a loaded program on sd. hits, when not NULL, has sim->len counters;
 * each executed instruction's counter is incremented. Returns 0, or -EINVAL
 * if the program does something a loaded program cannot (a bug here).
 */
int sct_sim_run(const struct sct_sim *sim, const struct seccomp_data *sd,
		struct sct_sim_result *res, unsigned long *hits);

/* Shorthand: the action for (arch, nr, args); executed count in *executed
 * when not NULL. Returns 0xffffffff on an internal error (never for a
 * loaded program). */
uint32_t sct_sim_eval(const struct sct_sim *sim, uint32_t arch, uint32_t nr,
		      const uint64_t args[6], size_t *executed);

/*
 * The kernel's cache emulation for one syscall: true when, with only nr and
 * arch known, the program is certain to return SECCOMP_RET_ALLOW. (The
 * kernel's extra uretprobe exception, Linux 6.14+, is a property of the
 * syscall, not of the program, and is left out.)
 */
bool sct_sim_const_allow(const struct sct_sim *sim, uint32_t arch, uint32_t nr);

/* How many nr in [0, nr_bound) are cacheable; cacheable[nr] filled when not
 * NULL (nr_bound entries). */
size_t sct_sim_cacheable(const struct sct_sim *sim, uint32_t arch, uint32_t nr_bound,
			 bool *cacheable);

#endif
