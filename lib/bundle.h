/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bundle.h - an OCI bundle that runs a container under a Docker/OCI seccomp
 * profile the way Docker hands it to the runtime, for the live cross-check
 * against runc and crun (lib/runtime.h).
 *
 * sct_bundle_seccomp() is moby's setupSeccomp (moby/profiles
 * seccomp/seccomp_linux.go): the profile's OCI fields (defaultAction,
 * defaultErrnoRet, architectures, flags, listener*) are copied; the archMap
 * entry of the host arch adds its architecture and subArchitectures; each
 * syscalls[] entry is dropped by its excludes (an arch, ANY held cap, kernel
 * >= minKernel) or kept by its includes (the arch, ALL caps, kernel >=
 * minKernel) and becomes an OCI syscall {names, action, errnoRet, args}
 * ("name" turns into names[1]; comment, includes and excludes go). Caps
 * are the bounding set, minKernel compares MAJOR.MINOR with uname's release
 * (as lib/profile.c does).
 */
#ifndef SCT_BUNDLE_H
#define SCT_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

struct json_object;

struct sct_bundle_opts {
	/* Capabilities, "CAP_SYS_ADMIN" or "sys_admin"; NULL = Docker's
	 * default set (sct_profile_docker_caps); ncaps 0 with caps set: none. */
	const char *const *caps;
	size_t ncaps;
	/* Kernel release for minKernel; NULL = uname's. */
	const char *kernel;
};

/*
 * The OCI linux.seccomp object for the profile at path (moby's
 * setupSeccomp for the native arch). Returns 0 with *out (json_object_put
 * it), or a negative errno with one line in err.
 */
int sct_bundle_seccomp(const char *path, const struct sct_bundle_opts *o,
		       struct json_object **out, char *err, size_t errlen);

/*
 * runc's findLastSyscalls (libcontainer/seccomp/patchbpf): the highest
 * number any name of seccomp's syscalls resolves to on libseccomp arch
 * token scmp_arch (SCMP_ARCH_X32 numbers carry the x32 bit); 0 when none
 * does.
 */
uint32_t sct_bundle_last_syscall(struct json_object *seccomp, uint32_t scmp_arch);

/* What sct_bundle_write puts into the bundle. */
struct sct_bundle_spec {
	struct json_object *seccomp;	/* linux.seccomp (borrowed) */
	const struct sct_bundle_opts *opts;	/* for the capability sets */
	const char *init;		/* static program copied to /init */
	/* The process's arguments, argv[0] its path in the rootfs
	 * (NULL-terminated); NULL: { "/init" }. */
	const char *const *argv;
	/* Host files copied into the rootfs at the same absolute path (a
	 * dynamic program and its libraries), NULL-terminated; NULL: none. */
	const char *const *files;
	const char *busybox;		/* static busybox for /bin (copied); NULL: none */
	const char *cgroups_path;	/* linux.cgroupsPath */
	const char *hostname;
};

/*
 * Create dir/config.json and dir/rootfs (/init, /bin/busybox, the files,
 * the mount points); dir must exist and be empty. Returns 0 or a negative errno
 * with one line in err.
 */
int sct_bundle_write(const char *dir, const struct sct_bundle_spec *spec,
		     char *err, size_t errlen);

#endif
