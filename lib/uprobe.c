// SPDX-License-Identifier: GPL-2.0-only
/*
 * uprobe.c - uprobes through perf's uprobe PMU (see uprobe.h).
 *
 * Kernel: kernel/events/core.c (perf_uprobe_event_init, the "uprobe" PMU and
 * its format/retprobe attribute), kernel/trace/trace_event_perf.c
 * (perf_uprobe_init: config1 is the path, config2 the file offset),
 * kernel/trace/trace_uprobe.c (uprobe_perf_func: one sample per hit;
 * uprobe_perf_filter: a CPU-wide event arms the probe in every process).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "child.h"
#include "probe.h"
#include "uprobe.h"

#define PMU_DIR "/sys/bus/event_source/devices/uprobe"

static int read_small_file(const char *path, char *buf, size_t len)
{
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got < 0)
		return -errno;
	buf[got] = '\0';
	return 0;
}

int sct_uprobe_pmu_type(void)
{
	char buf[32], *end;
	long type;
	int err = read_small_file(PMU_DIR "/type", buf, sizeof(buf));

	if (err)
		return err;
	type = strtol(buf, &end, 10);
	return end == buf || type < 0 || type > INT32_MAX ? -EINVAL : (int)type;
}

int sct_uprobe_retprobe_bit(void)
{
	char buf[32];
	int bit, err = read_small_file(PMU_DIR "/format/retprobe", buf, sizeof(buf));

	if (err)
		return err;
	/* perf_uprobe's format attribute: "config:0" (PMU_FORMAT_ATTR) */
	if (sscanf(buf, "config:%d", &bit) != 1 || bit < 0 || bit > 63)
		return -EINVAL;
	return bit;
}

int sct_code_file_offset(const void *addr, char *path, size_t len, unsigned long *offset)
{
	unsigned long start, end, pgoff, a = (unsigned long)addr;
	char line[4200], file[4096];
	int found = -ENOENT;
	FILE *maps = fopen("/proc/self/maps", "re");

	if (!maps)
		return -errno;
	while (found == -ENOENT && fgets(line, sizeof(line), maps)) {
		/* start-end perms offset dev inode path */
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %4095s", &start, &end, &pgoff, file) != 4)
			continue;
		if (a < start || a >= end || file[0] != '/')
			continue;
		if (strlen(file) >= len) {
			found = -ENAMETOOLONG;
			break;
		}
		strcpy(path, file);
		*offset = a - start + pgoff;
		found = 0;
	}
	fclose(maps);
	return found;
}

/*
 * A CPU-wide event on the CPU the caller is pinned to, not one bound to the
 * task: account_event turns on perf_sched_events (a static key in
 * __schedule) for task events and perf_sched_delayed turns it off again a
 * second after the last one closed, re-patching __schedule; that patching
 * crashed a 6.12 guest under QEMU TCG (an int3 Oops in __schedule).
 */
static long perf_event_open_here(struct perf_event_attr *attr)
{
	cpu_set_t one;
	long fd;
	int cpu = sched_getcpu();

	if (cpu < 0)
		return -errno;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return -errno;
	fd = syscall(__NR_perf_event_open, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int sct_uprobe_attach(struct sct_uprobe *p, const void *addr, bool ret, const char **what)
{
	struct perf_event_attr attr;
	unsigned long offset;
	char path[4096];
	int type, bit = 0, err;
	long fd;

	*p = (struct sct_uprobe){ .fd = -1 };
	*what = "read " PMU_DIR "/type";
	type = sct_uprobe_pmu_type();
	if (type < 0)
		return type;
	*what = "read " PMU_DIR "/format/retprobe";
	if (ret && (bit = sct_uprobe_retprobe_bit()) < 0)
		return bit;
	*what = "find the function's file offset in /proc/self/maps";
	err = sct_code_file_offset(addr, path, sizeof(path), &offset);
	if (err)
		return err;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = (uint32_t)type;
	attr.config = ret ? 1ULL << bit : 0;
	attr.config1 = (uint64_t)(uintptr_t)path;	/* perf_uprobe_init copies it */
	attr.config2 = offset;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_IP;
	*what = "perf_event_open(uprobe PMU) on this CPU";
	fd = perf_event_open_here(&attr);
	if (fd < 0)
		return (int)fd;
	p->fd = (int)fd;
	/* the metadata page and one page of data: room for 256 hits */
	p->ring_len = 2 * (size_t)sysconf(_SC_PAGESIZE);
	*what = "mmap the perf ring buffer";
	p->ring = mmap(NULL, p->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, p->fd, 0);
	if (p->ring == MAP_FAILED) {
		err = -errno;
		p->ring = NULL;
		sct_uprobe_detach(p);
		return err;
	}
	*what = "";
	return 0;
}

long sct_uprobe_hits(const struct sct_uprobe *p)
{
	const struct perf_event_mmap_page *page = p->ring;
	const unsigned char *data;
	uint64_t head, off, size;
	long hits = 0;

	if (!page)
		return -EINVAL;
	/* data_head is written by the kernel; read it before the records */
	head = __atomic_load_n(&page->data_head, __ATOMIC_ACQUIRE);
	off = page->data_offset ? page->data_offset : (uint64_t)sysconf(_SC_PAGESIZE);
	size = page->data_size ? page->data_size : p->ring_len - off;
	data = (const unsigned char *)p->ring + off;
	if (head > size)	/* wrapped: more hits than fit, not ours to count */
		return -EOVERFLOW;
	for (uint64_t pos = 0; pos + sizeof(struct perf_event_header) <= head;) {
		const struct perf_event_header *h = (const void *)(data + pos);

		if (h->size < sizeof(*h))
			return -EINVAL;
		if (h->type == PERF_RECORD_SAMPLE)
			hits++;
		pos += h->size;
	}
	return hits;
}

void sct_uprobe_detach(struct sct_uprobe *p)
{
	if (p->ring)
		munmap(p->ring, p->ring_len);
	if (p->fd >= 0)
		close(p->fd);
	*p = (struct sct_uprobe){ .fd = -1 };
}

static int direct_call_child(struct sct_report *rep, void *arg)
{
	long nr = *(const long *)arg;

	rep->ret = syscall(nr);
	rep->err = rep->ret < 0 ? errno : 0;
	rep->stage = 1;
	return 0;
}

long sct_trampoline_syscall_answer(long nr)
{
	struct sct_outcome out;

	if (!nr)
		return SCT_ANSWER_NO_ABI;
	if (sct_run_child(direct_call_child, &nr, 0, &out))
		return SCT_ANSWER_BROKEN;
	if (out.end == SCT_END_SIGNALED)
		return SCT_ANSWER_KILLED(out.sig);
	if (out.end != SCT_END_EXITED || out.code || out.rep.stage != 1)
		return SCT_ANSWER_BROKEN;
	return out.rep.ret < 0 ? -out.rep.err : out.rep.ret;
}
