/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * record_env.h - the context block of a conformance record: what kernel,
 * CPU and settings the verdicts came from. Read from /proc and /sys at run
 * time (in a scripts/run-vm guest: the guest's).
 */
#ifndef SCT_RECORD_ENV_H
#define SCT_RECORD_ENV_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gnu/libc-version.h>
#include <sys/utsname.h>
#include <json-c/json.h>
#include <seccomp.h>

/* First line of a file, without its newline; NULL when unreadable. */
static json_object *env_file_line(const char *path)
{
	char buf[1024];
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return json_object_new_string(buf);
}

static json_object *env_cpu_model(void)
{
	char buf[512];
	FILE *f = fopen("/proc/cpuinfo", "r");
	json_object *o = NULL;

	if (!f)
		return NULL;
	while (fgets(buf, sizeof(buf), f)) {
		char *c = strchr(buf, ':');

		if (!strncmp(buf, "model name", 10) && c) {
			c[strcspn(c, "\n")] = '\0';
			o = json_object_new_string(c + 2);
			break;
		}
	}
	fclose(f);
	return o;
}

static json_object *env_vulnerabilities(void)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	json_object *o = json_object_new_object();
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return o;
	while ((e = readdir(d))) {
		char path[512];
		json_object *v;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		v = env_file_line(path);
		if (v)
			json_object_object_add(o, e->d_name, v);
	}
	closedir(d);
	return o;
}

static json_object *record_env(void)
{
	json_object *o = json_object_new_object();
	const struct scmp_version *sv = seccomp_version();
	struct utsname u;
	char buf[128];

	if (!uname(&u)) {
		json_object_object_add(o, "kernel_release", json_object_new_string(u.release));
		json_object_object_add(o, "kernel_version", json_object_new_string(u.version));
		json_object_object_add(o, "machine", json_object_new_string(u.machine));
	}
	json_object_object_add(o, "kernel_cmdline", env_file_line("/proc/cmdline"));
	json_object_object_add(o, "cpu_model", env_cpu_model());
	json_object_object_add(o, "cpus_online", json_object_new_int((int)sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(o, "bpf_jit_enable", env_file_line("/proc/sys/net/core/bpf_jit_enable"));
	json_object_object_add(o, "seccomp_actions_avail", env_file_line("/proc/sys/kernel/seccomp/actions_avail"));
	json_object_object_add(o, "vulnerabilities", env_vulnerabilities());
	json_object_object_add(o, "libc", json_object_new_string(gnu_get_libc_version()));
	snprintf(buf, sizeof(buf), "%u.%u.%u", sv->major, sv->minor, sv->micro);
	json_object_object_add(o, "libseccomp", json_object_new_string(buf));
	json_object_object_add(o, "compiler", json_object_new_string(__VERSION__));
	json_object_object_add(o, "uid", json_object_new_int((int)getuid()));
	return o;
}

#endif
