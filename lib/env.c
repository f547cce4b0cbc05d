// SPDX-License-Identifier: GPL-2.0-only
/*
 * env.c - record the benchmark environment (see env.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "arch.h"
#include "child.h"
#include "env.h"
#include "filter.h"
#include "install.h"

int sct_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int err;

	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		err = ferror(f) ? -EIO : -ENODATA;
		fclose(f);
		return err;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *file_string(const char *path)
{
	char buf[512];

	return sct_read_line(path, buf, sizeof(buf)) ? NULL : json_object_new_string(buf);
}

static struct json_object *file_int(const char *path)
{
	char buf[64], *end;
	long v;

	if (sct_read_line(path, buf, sizeof(buf)))
		return NULL;
	v = strtol(buf, &end, 10);
	return end == buf ? NULL : json_object_new_int64(v);
}

/* Value of "key<sep>value" lines in a /proc file: "model name", "flags". */
static int proc_field(const char *path, const char *key, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[4096];
	size_t klen = strlen(key);

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, key, klen))
			continue;
		p = line + klen;
		if (*p != ':' && *p != '\t' && *p != ' ')
			continue;
		p += strspn(p, " \t:");
		p[strcspn(p, "\n")] = '\0';
		snprintf(buf, len, "%s", p);
		fclose(f);
		return 0;
	}
	fclose(f);
	return -ENOENT;
}

/*
 * Emulated or not. QEMU's TCG (a software CPU) makes timings meaningless
 * for a per-instruction cost, so it must be labelled. Rules, in order:
 *  - CPUID leaf 0x40000000 signature "TCGTCGTCGTCG": emulated (QEMU TCG
 *    announces itself this way when it exposes the leaf).
 *  - "hypervisor" flag with model name "QEMU Virtual CPU..." and no KVM
 *    signature: emulated (qemu64/qemu32 are TCG's default models; a KVM guest
 *    with that model still shows "KVMKVMKVM").
 *  - "hypervisor" flag otherwise: virtualized (hardware-assisted guest;
 *    timings are real but include exits and steal).
 *  - arm64: "CPU implementer" 0x00 (reserved for software): emulated; QEMU's
 *    TCG "max" CPU reports it, KVM guests show the host's implementer.
 *  - no flag: bare-metal.
 * "Common KVM processor" (kvm64) is virtualized when the KVM signature is
 * there and emulated when it is not.
 */
void sct_env_virt(struct sct_virt *v)
{
	char model[256] = "", flags[4096] = "", implementer[32] = "";
	bool hv_flag;

	memset(v, 0, sizeof(*v));
	proc_field("/proc/cpuinfo", "model name", model, sizeof(model));
	proc_field("/proc/cpuinfo", "flags", flags, sizeof(flags));
	hv_flag = strstr(flags, " hypervisor") || !strncmp(flags, "hypervisor", 10);
	if (hv_flag)
		sct_arch_hypervisor_signature(v->hypervisor, sizeof(v->hypervisor));
	proc_field("/proc/cpuinfo", "CPU implementer", implementer, sizeof(implementer));
	if (!strcmp(v->hypervisor, "TCGTCGTCGTCG")) {
		v->kind = "emulated";
		snprintf(v->evidence, sizeof(v->evidence), "CPUID hypervisor signature TCGTCGTCGTCG");
	} else if (!strcmp(implementer, "0x00")) {
		/* arm64: MIDR implementer 0 is "reserved for software use", what
		 * QEMU's TCG "max" CPU reports; KVM guests show the host's */
		v->kind = "emulated";
		snprintf(v->evidence, sizeof(v->evidence), "cpuinfo CPU implementer 0x00");
	} else if (hv_flag && (strstr(model, "QEMU Virtual CPU") || strstr(model, "Common KVM")) &&
		   strncmp(v->hypervisor, "KVMKVMKVM", 9)) {
		v->kind = "emulated";
		snprintf(v->evidence, sizeof(v->evidence),
			 "model name \"%.60s\" with hypervisor flag and no KVM signature", model);
	} else if (hv_flag) {
		v->kind = "virtualized";
		snprintf(v->evidence, sizeof(v->evidence),
			 "cpuinfo hypervisor flag; CPUID signature \"%s\"; model \"%.60s\"",
			 v->hypervisor, model);
	} else {
		v->kind = "bare-metal";
		snprintf(v->evidence, sizeof(v->evidence), "no hypervisor flag in /proc/cpuinfo");
	}
}

/* CONFIG_<name> from the running kernel's config: "y", "m", "n" (not set). */
static struct json_object *kernel_config(void)
{
	static const char *const wanted[] = {
		"SECCOMP", "SECCOMP_FILTER", "SECCOMP_CACHE_DEBUG", "BPF_JIT",
		"BPF_JIT_ALWAYS_ON", "BPF_JIT_DEFAULT_ON", "HZ", "PREEMPT_DYNAMIC",
		"PREEMPT_NONE", "PREEMPT_VOLUNTARY", "PREEMPT", "NO_HZ_FULL",
		"MITIGATION_SPECTRE_V2", "X86_X32_ABI", "IA32_EMULATION",
	};
	struct json_object *o = json_object_new_object();
	struct utsname u;
	char path[300], line[512];
	const char *source = NULL;
	FILE *f = NULL;
	bool is_pipe = false;
	size_t i;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (!access("/proc/config.gz", R_OK)) {
		f = popen("gzip -dc /proc/config.gz 2>/dev/null", "re");
		is_pipe = true;
		source = "/proc/config.gz";
	} else if ((f = fopen(path, "re"))) {
		source = path;
	}
	json_object_object_add(o, "source", str_or_null(f ? source : NULL));
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		json_object_object_add(o, wanted[i], f ? json_object_new_string("n") : NULL);
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
			size_t wl = strlen(wanted[i]);

			if (!strncmp(line, "CONFIG_", 7) && !strncmp(line + 7, wanted[i], wl) &&
			    line[7 + wl] == '=')
				json_object_object_add(o, wanted[i],
						       json_object_new_string(line + 8 + wl));
		}
	}
	if (f) {
		if (is_pipe)
			pclose(f);
		else
			fclose(f);
	}
	return o;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct json_object *vulnerabilities(void)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	struct json_object *o;
	char *names[128];
	size_t n = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return NULL;
	o = json_object_new_object();
	while ((de = readdir(d)) && n < 128)
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char path[512];

		if (!names[i])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		json_object_object_add(o, names[i], file_string(path));
		free(names[i]);
	}
	return o;
}

/* The Speculation_Store_Bypass line of /proc/self/status into buf. */
static int ssb_line(char *buf, size_t len)
{
	return proc_field("/proc/self/status", "Speculation_Store_Bypass", buf, len);
}

/* In a child: install an allow-all filter the way the benchmarks do, then
 * report the SSB line, which seccomp may change (spec_store_bypass_disable=seccomp). */
static int ssb_child(struct sct_report *rep, void *arg)
{
	const bool *spec_allow = arg;
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	char buf[sizeof(rep->data)];
	long err = f ? sct_install_filter(f, *spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0)
		     : -ENOMEM;

	sct_filter_free(f);
	if (err < 0)
		return sct_report_broken(rep, "install allow-all filter");
	if (ssb_line(buf, sizeof(buf)))
		return sct_report_broken(rep, "read Speculation_Store_Bypass");
	memcpy(rep->data, buf, sizeof(buf));
	return 0;
}

static struct json_object *ssb_under_filter(bool spec_allow)
{
	struct sct_outcome out;
	char buf[sizeof(out.rep.data) + 1];

	if (sct_run_child(ssb_child, &spec_allow, 0, &out) || out.end != SCT_END_EXITED ||
	    out.code)
		return NULL;
	memcpy(buf, out.rep.data, sizeof(out.rep.data));
	buf[sizeof(out.rep.data)] = '\0';
	return json_object_new_string(buf);
}

/* `git describe`-like revision of the checkout we run from, or NULL. */
static struct json_object *git_revision(void)
{
	const char *env = getenv("SCT_GIT_REV");
	char rev[64] = "", dirty[8] = "";
	FILE *p;

	if (env && *env)
		return json_object_new_string(env);
	p = popen("git rev-parse --short=12 HEAD 2>/dev/null", "re");
	if (!p)
		return NULL;
	if (!fgets(rev, sizeof(rev), p))
		rev[0] = '\0';
	pclose(p);
	rev[strcspn(rev, "\n")] = '\0';
	if (!rev[0])
		return NULL;
	p = popen("git status --porcelain --untracked-files=no 2>/dev/null | head -1", "re");
	if (p) {
		char line[256];

		if (fgets(line, sizeof(line), p))
			snprintf(dirty, sizeof(dirty), "-dirty");
		pclose(p);
	}
	strncat(rev, dirty, sizeof(rev) - strlen(rev) - 1);
	return json_object_new_string(rev);
}

struct json_object *sct_env_context(const struct sct_env_opts *opts)
{
	struct json_object *ctx = json_object_new_object(), *k, *cpu, *jit, *v, *spec;
	const struct scmp_version *sv = seccomp_version();
	struct sct_virt virt;
	struct utsname u;
	char buf[512];
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	if (!ctx)
		return NULL;
	uname(&u);
	k = json_object_new_object();
	json_object_object_add(k, "release", json_object_new_string(u.release));
	json_object_object_add(k, "version", json_object_new_string(u.version));
	json_object_object_add(k, "machine", json_object_new_string(u.machine));
	json_object_object_add(k, "config", kernel_config());
	json_object_object_add(ctx, "kernel", k);

	jit = json_object_new_object();
	json_object_object_add(jit, "bpf_jit_enable", file_int("/proc/sys/net/core/bpf_jit_enable"));
	json_object_object_add(jit, "bpf_jit_harden", file_int("/proc/sys/net/core/bpf_jit_harden"));
	json_object_object_add(ctx, "bpf", jit);

	cpu = json_object_new_object();
	json_object_object_add(cpu, "model", proc_field("/proc/cpuinfo", "model name", buf, sizeof(buf))
				? NULL : json_object_new_string(buf));
	json_object_object_add(cpu, "online", json_object_new_int64(online));
	json_object_object_add(cpu, "smt_control", file_string("/sys/devices/system/cpu/smt/control"));
	json_object_object_add(cpu, "smt_active", file_int("/sys/devices/system/cpu/smt/active"));
	json_object_object_add(cpu, "pinned_cpu", opts->pinned_cpu >= 0 ?
			       json_object_new_int(opts->pinned_cpu) : NULL);
	json_object_object_add(cpu, "cpufreq_governor",
			       file_string("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
	json_object_object_add(cpu, "clocksource",
			       file_string("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
	sct_env_virt(&virt);
	v = json_object_new_object();
	json_object_object_add(v, "kind", json_object_new_string(virt.kind));
	json_object_object_add(v, "emulated", json_object_new_boolean(!strcmp(virt.kind, "emulated")));
	json_object_object_add(v, "hypervisor_signature",
			       virt.hypervisor[0] ? json_object_new_string(virt.hypervisor) : NULL);
	json_object_object_add(v, "evidence", json_object_new_string(virt.evidence));
	json_object_object_add(cpu, "virtualization", v);
	json_object_object_add(cpu, "vulnerabilities", vulnerabilities());
	json_object_object_add(ctx, "cpu", cpu);

	spec = json_object_new_object();
	json_object_object_add(spec, "spec_allow_flag", json_object_new_boolean(opts->spec_allow));
	json_object_object_add(spec, "ssb_parent", ssb_line(buf, sizeof(buf)) ? NULL :
			       json_object_new_string(buf));
	json_object_object_add(spec, "ssb_under_filter", ssb_under_filter(opts->spec_allow));
	json_object_object_add(ctx, "speculation", spec);

	json_object_object_add(ctx, "loadavg", file_string("/proc/loadavg"));
	json_object_object_add(ctx, "clock", str_or_null(opts->clock));
	snprintf(buf, sizeof(buf), "%u.%u.%u", sv ? sv->major : 0, sv ? sv->minor : 0,
		 sv ? sv->micro : 0);
	json_object_object_add(ctx, "libseccomp", sv ? json_object_new_string(buf) : NULL);
	json_object_object_add(ctx, "compiler", json_object_new_string(__VERSION__));
	json_object_object_add(ctx, "git_revision", git_revision());
	return ctx;
}
