/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uprobe.h - put a uprobe or a uretprobe on a function of this program
 * through perf's uprobe PMU (/sys/bus/event_source/devices/uprobe) and count
 * the calling task's hits without making a syscall: every hit is one sample
 * in a ring buffer mapped into the task, so the count can be read under a
 * filter that kills every call.
 */
#ifndef SCT_UPROBE_H
#define SCT_UPROBE_H

#include <stdbool.h>
#include <stddef.h>

/* The uprobe PMU's perf event type (its sysfs "type" file): >= 0 or -errno
 * (-ENOENT: no such PMU, before 4.17 or without CONFIG_UPROBE_EVENTS). */
int sct_uprobe_pmu_type(void);

/* The config bit that makes its event a return probe ("config:N" in
 * format/retprobe): >= 0 or -errno. */
int sct_uprobe_retprobe_bit(void);

/*
 * The file that maps code address addr into this process and addr's offset
 * in it (from /proc/self/maps): 0 with path and *offset filled, or -errno
 * (-ENOENT: no file-backed mapping holds addr).
 */
int sct_code_file_offset(const void *addr, char *path, size_t len, unsigned long *offset);

/* An attached probe: the perf event and its ring buffer. */
struct sct_uprobe {
	int fd;
	void *ring;		/* struct perf_event_mmap_page, then the data */
	size_t ring_len;
};

/*
 * Attach a probe to the function at addr: on its entry, or on its return
 * when ret. Needs CAP_PERFMON or CAP_SYS_ADMIN (perf_uprobe_event_init).
 * The event is CPU-wide: the caller is pinned to the CPU it runs on
 * (sched_setaffinity) and every hit on that CPU is recorded (sample_period
 * 1), so a caller that runs the function while other processes of this
 * program do not counts exactly its own hits. Meant for a child: the probe
 * is armed in every process mapping the file until the child exits or
 * calls sct_uprobe_detach. Returns 0, or -errno with *what naming the step
 * that failed.
 */
int sct_uprobe_attach(struct sct_uprobe *p, const void *addr, bool ret, const char **what);

/* The hits recorded so far. Reads only the mapped ring buffer: no syscall. */
long sct_uprobe_hits(const struct sct_uprobe *p);

/* Unmap and close (also undoes a failed attach): the probe is removed. */
void sct_uprobe_detach(struct sct_uprobe *p);

/*
 * Call syscall nr with no arguments in a fresh child, as a probe of a call
 * that is meant to come only from a kernel-made trampoline. Returns its
 * result (>= 0 or -errno), SCT_ANSWER_KILLED(sig) when the call killed the
 * child, SCT_ANSWER_NO_ABI when nr is 0 (no such call on this arch), or
 * SCT_ANSWER_BROKEN when the child could not be run.
 */
long sct_trampoline_syscall_answer(long nr);

#endif
