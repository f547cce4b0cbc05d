// SPDX-License-Identifier: GPL-2.0-only
/*
 * bundle.c - profile JSON -> the OCI linux.seccomp Docker passes, and an
 * OCI bundle around it (see bundle.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "arch.h"
#include "errmsg.h"
#include "bundle.h"
#include "cli.h"
#include "profile.h"
#include "profile_model.h"

/* "CAP_X" for "x", "cap_x", "CAP_X" into buf. */
static void cap_name(const char *in, char *buf, size_t len)
{
	size_t k = 0;

	if (!strncasecmp(in, "CAP_", 4))
		in += 4;
	snprintf(buf, len, "CAP_");
	for (k = 0; in[k] && k + 5 < len; k++)
		buf[4 + k] = (char)toupper((unsigned char)in[k]);
	buf[4 + k] = 0;
}

struct caps {
	char names[64][32];
	size_t n;
};

static void caps_fill(const struct sct_bundle_opts *o, struct caps *c)
{
	const char *const *v = o && o->caps ? o->caps : sct_profile_docker_caps;
	size_t n = o && o->caps ? o->ncaps : sct_profile_docker_ncaps;

	c->n = 0;
	for (size_t i = 0; i < n && c->n < 64; i++)
		cap_name(v[i], c->names[c->n++], sizeof(c->names[0]));
}

static bool caps_hold(const struct caps *c, const char *cap)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->names[i], cap))
			return true;
	return false;
}

struct ctx {
	const char *native;		/* moby arch name of the host */
	struct caps caps;
	unsigned int kmaj, kmin;
	char *err;
	size_t errlen;
};

static bool strings_have(json_object *arr, const char *s)
{
	size_t n = json_object_get_type(arr) == json_type_array ? json_object_array_length(arr) : 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = json_object_get_string(json_object_array_get_idx(arr, i));

		if (e && !strcmp(e, s))
			return true;
	}
	return false;
}

/* kernel >= the filter's minKernel; -1 for a bad version. */
static int min_kernel(struct ctx *c, json_object *flt, const char *path)
{
	json_object *v;
	unsigned int maj, min;

	if (!json_object_object_get_ex(flt, "minKernel", &v) || !v)
		return -2;
	if (json_object_get_type(v) != json_type_string ||
	    !sct_profile_parse_kernel(json_object_get_string(v), true, &maj, &min)) {
		sct_fail(c->err, c->errlen, 0, "%s.minKernel: invalid kernel version", path);
		return -1;
	}
	return c->kmaj > maj || (c->kmaj == maj && c->kmin >= min);
}

/* moby setupSeccomp's Loop: 1 keep, 0 drop, -1 error. */
static int entry_kept(struct ctx *c, json_object *e, const char *path)
{
	json_object *exc = NULL, *inc = NULL, *v;
	char p[160];
	int k;

	if (json_object_object_get_ex(e, "excludes", &exc) && exc) {
		snprintf(p, sizeof(p), "%s.excludes", path);
		if (json_object_object_get_ex(exc, "arches", &v) && strings_have(v, c->native))
			return 0;
		if (json_object_object_get_ex(exc, "caps", &v) && json_object_get_type(v) == json_type_array)
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				const char *cap = json_object_get_string(json_object_array_get_idx(v, i));

				if (cap && caps_hold(&c->caps, cap))
					return 0;
			}
		k = min_kernel(c, exc, p);
		if (k == -1)
			return -1;
		if (k == 1)
			return 0;
	}
	if (json_object_object_get_ex(e, "includes", &inc) && inc) {
		snprintf(p, sizeof(p), "%s.includes", path);
		if (json_object_object_get_ex(inc, "arches", &v) &&
		    json_object_get_type(v) == json_type_array && json_object_array_length(v) &&
		    !strings_have(v, c->native))
			return 0;
		if (json_object_object_get_ex(inc, "caps", &v) && json_object_get_type(v) == json_type_array)
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				const char *cap = json_object_get_string(json_object_array_get_idx(v, i));

				if (!cap || !caps_hold(&c->caps, cap))
					return 0;
			}
		k = min_kernel(c, inc, p);
		if (k == -1)
			return -1;
		if (k == 0)
			return 0;
	}
	return 1;
}

/* Copy key from src to dst when present (a new reference). */
static void copy_key(json_object *dst, json_object *src, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(src, key, &v) && v)
		json_object_object_add(dst, key, json_object_get(v));
}

/* The OCI syscall for one kept entry: names, action, errnoRet, args. */
static json_object *oci_syscall(struct ctx *c, json_object *e, const char *path)
{
	json_object *out = json_object_new_object(), *names, *name, *args;

	if (!out)
		return NULL;
	if (json_object_object_get_ex(e, "names", &names) && names) {
		if (json_object_object_get_ex(e, "name", &name) && name) {
			sct_fail(c->err, c->errlen, 0, "%s: both \"name\" and \"names\" given", path);
			json_object_put(out);
			return NULL;
		}
		json_object_object_add(out, "names", json_object_get(names));
	} else if (json_object_object_get_ex(e, "name", &name) && name) {
		json_object *arr = json_object_new_array();

		json_object_array_add(arr, json_object_get(name));
		json_object_object_add(out, "names", arr);
	} else {
		sct_fail(c->err, c->errlen, 0, "%s: missing \"names\"", path);
		json_object_put(out);
		return NULL;
	}
	copy_key(out, e, "action");
	copy_key(out, e, "errnoRet");
	if (json_object_object_get_ex(e, "args", &args) && json_object_get_type(args) == json_type_array &&
	    json_object_array_length(args)) {
		json_object *oa = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(args); i++) {
			json_object *a = json_object_array_get_idx(args, i), *na = json_object_new_object();

			copy_key(na, a, "index");
			copy_key(na, a, "value");
			copy_key(na, a, "valueTwo");
			copy_key(na, a, "op");
			json_object_array_add(oa, na);
		}
		json_object_object_add(out, "args", oa);
	}
	return out;
}

static int build(struct ctx *c, json_object *root, json_object *out)
{
	static const char *const oci_keys[] = {
		"defaultAction", "defaultErrnoRet", "architectures", "flags",
		"listenerPath", "listenerMetadata",
	};
	json_object *map, *sys, *arches, *list;

	if (json_object_get_type(root) != json_type_object)
		return sct_fail(c->err, c->errlen, -EINVAL, "top level: expected an object");
	for (size_t i = 0; i < sizeof(oci_keys) / sizeof(oci_keys[0]); i++)
		copy_key(out, root, oci_keys[i]);
	if (json_object_object_get_ex(root, "archMap", &map) && json_object_get_type(map) == json_type_array &&
	    json_object_array_length(map)) {
		if (json_object_object_get_ex(root, "architectures", &list) &&
		    json_object_get_type(list) == json_type_array && json_object_array_length(list))
			return sct_fail(c->err, c->errlen, -EINVAL, "both \"architectures\" and \"archMap\" given");
		arches = json_object_new_array();
		for (size_t i = 0; i < json_object_array_length(map); i++) {
			json_object *m = json_object_array_get_idx(map, i), *a, *subs;
			const struct sct_profile_arch *host = sct_profile_arch_by_name(c->native);
			const char *scmp = host ? host->scmp : NULL;

			if (!json_object_object_get_ex(m, "architecture", &a) || !scmp ||
			    strcmp(json_object_get_string(a), scmp))
				continue;
			json_object_array_add(arches, json_object_get(a));
			if (json_object_object_get_ex(m, "subArchitectures", &subs) &&
			    json_object_get_type(subs) == json_type_array)
				for (size_t s = 0; s < json_object_array_length(subs); s++)
					json_object_array_add(arches, json_object_get(json_object_array_get_idx(subs, s)));
			break;
		}
		json_object_object_add(out, "architectures", arches);
	}
	sys = json_object_new_array();
	json_object_object_add(out, "syscalls", sys);
	if (json_object_object_get_ex(root, "syscalls", &list) && list) {
		if (json_object_get_type(list) != json_type_array)
			return sct_fail(c->err, c->errlen, -EINVAL, "syscalls: expected an array");
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			json_object *e = json_object_array_get_idx(list, i), *o;
			char path[48];
			int k;

			snprintf(path, sizeof(path), "syscalls[%zu]", i);
			if (json_object_get_type(e) != json_type_object)
				return sct_fail(c->err, c->errlen, -EINVAL, "%s: expected an object", path);
			k = entry_kept(c, e, path);
			if (k < 0)
				return -EINVAL;
			if (!k)
				continue;
			o = oci_syscall(c, e, path);
			if (!o)
				return -EINVAL;
			json_object_array_add(sys, o);
		}
	}
	return 0;
}

int sct_bundle_seccomp(const char *path, const struct sct_bundle_opts *o,
		       struct json_object **out, char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen };
	const char *kernel = o ? o->kernel : NULL;
	json_tokener *tok;
	json_object *root;
	struct utsname u;
	char *text = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	{
		/* moby's name for the host arch (goToNative), from the one arch table */
		const struct sct_profile_arch *host = sct_profile_arch_by_token(sct_arch_native()->audit_arch);

		c.native = host ? host->name : NULL;
	}
	if (!c.native)
		return sct_fail(err, errlen, -EINVAL, "no moby arch name for %s", sct_arch_native()->name);
	if (!kernel) {
		if (uname(&u))
			return sct_fail(err, errlen, -errno, "uname: %s", strerror(errno));
		kernel = u.release;
	}
	if (!sct_profile_parse_kernel(kernel, true, &c.kmaj, &c.kmin))
		return sct_fail(err, errlen, -EINVAL, "invalid kernel version \"%s\"", kernel);
	caps_fill(o, &c.caps);
	/* Regular files only: a FIFO or a device is refused, not waited on. */
	r = sct_read_file(path, SCT_PROFILE_MAX_BYTES, &text, &len, err, errlen);
	if (r)
		return r;
	tok = json_tokener_new();
	root = tok ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		r = sct_fail(err, errlen, -EINVAL, "%s: not valid JSON (%s)", path,
			 tok ? json_tokener_error_desc(json_tokener_get_error(tok)) : "no memory");
		json_object_put(root);
		json_tokener_free(tok);
		free(text);
		return r;
	}
	json_tokener_free(tok);
	free(text);
	*out = json_object_new_object();
	r = *out ? build(&c, root, *out) : -ENOMEM;
	json_object_put(root);
	if (r) {
		json_object_put(*out);
		*out = NULL;
	}
	return r;
}

uint32_t sct_bundle_last_syscall(struct json_object *seccomp, uint32_t scmp_arch)
{
	json_object *sys;
	uint32_t last = 0;

	if (!json_object_object_get_ex(seccomp, "syscalls", &sys))
		return 0;
	for (size_t i = 0; i < json_object_array_length(sys); i++) {
		json_object *names;

		if (!json_object_object_get_ex(json_object_array_get_idx(sys, i), "names", &names))
			continue;
		for (size_t k = 0; k < json_object_array_length(names); k++) {
			int nr = seccomp_syscall_resolve_name_arch(scmp_arch,
				json_object_get_string(json_object_array_get_idx(names, k)));

			if (nr >= 0 && (uint32_t)nr > last)
				last = (uint32_t)nr;
		}
	}
	return last;
}

/* ---- the bundle --------------------------------------------------------- */

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out, r = 0;
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			r = -EIO;
			break;
		}
	if (n < 0)
		r = -errno;
	close(in);
	if (close(out) && !r)
		r = -EIO;
	return r;
}

/* mkdir -p of path's directory. */
static int make_parents(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

static json_object *str_array(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *mount_obj(const char *dest, const char *type, const char *const *opts, size_t n)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "destination", json_object_new_string(dest));
	json_object_object_add(m, "type", json_object_new_string(type));
	json_object_object_add(m, "source", json_object_new_string(type));
	json_object_object_add(m, "options", str_array(opts, n));
	return m;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A config.json like the one Docker writes, reduced to what starting the
 * init needs: no network setup, no devices, root read-only. */
static json_object *config(const struct sct_bundle_spec *s)
{
	static const char *const dev_opts[] = { "nosuid", "strictatime", "mode=755", "size=65536k" };
	static const char *const pts_opts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620" };
	static const char *const shm_opts[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" };
	static const char *const sys_opts[] = { "nosuid", "noexec", "nodev", "ro" };
	static const char *const proc_opts[] = { "nosuid", "noexec", "nodev" };
	static const char *const ns[] = { "pid", "ipc", "uts", "mount", "network" };
	static const char *const sets[] = { "bounding", "effective", "permitted" };
	static const char *const init_arg[] = { "/init" };
	static const char *const env[] = { "PATH=/bin" };
	json_object *c = json_object_new_object(), *p, *caps, *root, *mounts, *lx, *nss, *user, *args;
	struct caps cs;
	const char *capv[64];

	caps_fill(s->opts, &cs);
	for (size_t i = 0; i < cs.n; i++)
		capv[i] = cs.names[i];
	json_object_object_add(c, "ociVersion", json_object_new_string("1.0.2"));
	p = json_object_new_object();
	json_object_object_add(p, "terminal", json_object_new_boolean(0));
	user = json_object_new_object();
	json_object_object_add(user, "uid", json_object_new_int(0));
	json_object_object_add(user, "gid", json_object_new_int(0));
	json_object_object_add(p, "user", user);
	args = s->argv ? json_object_new_array() : str_array(init_arg, 1);
	for (size_t i = 0; s->argv && s->argv[i]; i++)
		json_object_array_add(args, json_object_new_string(s->argv[i]));
	json_object_object_add(p, "args", args);
	json_object_object_add(p, "env", str_array(env, N(env)));
	json_object_object_add(p, "cwd", json_object_new_string("/"));
	caps = json_object_new_object();
	for (size_t i = 0; i < N(sets); i++)
		json_object_object_add(caps, sets[i], str_array(capv, cs.n));
	json_object_object_add(p, "capabilities", caps);
	json_object_object_add(p, "noNewPrivileges", json_object_new_boolean(0));
	json_object_object_add(c, "process", p);
	root = json_object_new_object();
	json_object_object_add(root, "path", json_object_new_string("rootfs"));
	json_object_object_add(root, "readonly", json_object_new_boolean(1));
	json_object_object_add(c, "root", root);
	json_object_object_add(c, "hostname", json_object_new_string(s->hostname ? s->hostname : "sct"));
	mounts = json_object_new_array();
	json_object_array_add(mounts, mount_obj("/proc", "proc", proc_opts, N(proc_opts)));
	json_object_array_add(mounts, mount_obj("/dev", "tmpfs", dev_opts, N(dev_opts)));
	json_object_array_add(mounts, mount_obj("/dev/pts", "devpts", pts_opts, N(pts_opts)));
	json_object_array_add(mounts, mount_obj("/dev/shm", "tmpfs", shm_opts, N(shm_opts)));
	json_object_array_add(mounts, mount_obj("/sys", "sysfs", sys_opts, N(sys_opts)));
	json_object_object_add(c, "mounts", mounts);
	lx = json_object_new_object();
	nss = json_object_new_array();
	for (size_t i = 0; i < N(ns); i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "type", json_object_new_string(ns[i]));
		json_object_array_add(nss, o);
	}
	json_object_object_add(lx, "namespaces", nss);
	if (s->cgroups_path)
		json_object_object_add(lx, "cgroupsPath", json_object_new_string(s->cgroups_path));
	if (s->seccomp)
		json_object_object_add(lx, "seccomp", json_object_get(s->seccomp));
	json_object_object_add(c, "linux", lx);
	return c;
}

int sct_bundle_write(const char *dir, const struct sct_bundle_spec *spec, char *err, size_t errlen)
{
	static const char *const dirs[] = { "rootfs", "rootfs/bin", "rootfs/proc", "rootfs/dev",
					    "rootfs/sys", "rootfs/tmp" };
	char path[4096], to[4096];
	json_object *cfg;
	int r;

	for (size_t i = 0; i < N(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		if (mkdir(path, 0755))
			return sct_fail(err, errlen, -errno, "mkdir %s: %s", path, strerror(errno));
	}
	snprintf(to, sizeof(to), "%s/rootfs/init", dir);
	r = copy_file(spec->init, to, 0755);
	if (r)
		return sct_fail(err, errlen, r, "copy %s: %s", spec->init, strerror(-r));
	if (spec->busybox) {
		snprintf(to, sizeof(to), "%s/rootfs/bin/busybox", dir);
		r = copy_file(spec->busybox, to, 0755);
		if (r)
			return sct_fail(err, errlen, r, "copy %s: %s", spec->busybox, strerror(-r));
		snprintf(to, sizeof(to), "%s/rootfs/bin/sh", dir);
		if (symlink("busybox", to))
			return sct_fail(err, errlen, -errno, "symlink %s: %s", to, strerror(errno));
	}
	for (size_t i = 0; spec->files && spec->files[i]; i++) {
		const char *f = spec->files[i];
		struct stat st;

		if (f[0] != '/' || strstr(f, "/../") || stat(f, &st))
			return sct_fail(err, errlen, -EINVAL, "file %s: not an absolute path to a file", f);
		snprintf(to, sizeof(to), "%s/rootfs%s", dir, f);
		r = make_parents(to);
		if (!r)
			r = copy_file(f, to, st.st_mode & 0777);
		if (r && r != -EEXIST)
			return sct_fail(err, errlen, r, "copy %s: %s", f, strerror(-r));
	}
	cfg = config(spec);
	if (!cfg)
		return sct_fail(err, errlen, -ENOMEM, "config.json: out of memory");
	snprintf(path, sizeof(path), "%s/config.json", dir);
	r = json_object_to_file_ext(path, cfg, JSON_C_TO_STRING_PRETTY) ? -EIO : 0;
	json_object_put(cfg);
	if (r)
		return sct_fail(err, errlen, r, "write %s: %s", path, json_util_get_last_err());
	return 0;
}
