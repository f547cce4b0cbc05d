// SPDX-License-Identifier: GPL-2.0-only
/*
 * known.c - which known-failure lists apply to a run, and their entries
 * (see known.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "known.h"

const char *sct_known_arch(const char *name)
{
	if (!name)
		return NULL;
	if (!strcmp(name, "x86_64") || !strcmp(name, "amd64") || !strcmp(name, "x86-64"))
		return "x86_64";
	if (!strcmp(name, "aarch64") || !strcmp(name, "arm64"))
		return "aarch64";
	return NULL;
}

bool sct_known_applies(const char *list, const char *release, const char *arch)
{
	const char *at = strrchr(list, '@');
	size_t n = at ? (size_t)(at - list) : strlen(list);

	if (at && (!arch || strcmp(at + 1, arch)))
		return false;
	if (!release || strncmp(release, list, n))
		return false;
	return !release[n] || release[n] == '.' || release[n] == '-';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool comment(const char *line)
{
	while (*line && strchr(" \t\r\n\v\f", *line))
		line++;
	return !*line || *line == '#';
}

/* field i (0-based) of a tab-separated line, as a new string ("" past the end) */
static char *field(const char *line, int i)
{
	const char *end;

	while (i-- > 0) {
		line = strchr(line, '\t');
		if (!line)
			return strdup("");
		line++;
	}
	end = strchr(line, '\t');
	return strndup(line, end ? (size_t)(end - line) : strlen(line));
}

static int add_list(struct sct_known *k, const char *path, const char *name, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		snprintf(err, errlen, "known-failure list '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct sct_known_entry e, *old;

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (comment(line))
			continue;
		e.id = field(line, 0);
		e.commit = field(line, 1);
		e.reason = field(line, 2);
		e.list = strdup(name);
		old = (struct sct_known_entry *)sct_known_find(k, e.id);
		if (old) {	/* the later list's entry wins */
			free(old->id), free(old->commit), free(old->reason), free(old->list);
			*old = e;
			continue;
		}
		k->e = realloc(k->e, (k->n + 1) * sizeof(*k->e));
		k->e[k->n++] = e;
	}
	free(line);
	fclose(f);
	return 0;
}

int sct_known_load(struct sct_known *k, const char *dir, const char *release,
		   const char *arch, char *err, size_t errlen)
{
	char **names = NULL, path[4096];
	size_t n = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	k->e = NULL;
	k->n = 0;
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		const char *at = strrchr(names[i], '@');

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (rc || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (at && (!sct_known_arch(at + 1) || strcmp(sct_known_arch(at + 1), at + 1))) {
			snprintf(err, errlen, "known-failure list '%s': '%s' is not an arch's uname -m "
				 "name (x86_64, aarch64)", path, at + 1);
			rc = -1;
			continue;
		}
		if (sct_known_applies(names[i], release, arch))
			rc = add_list(k, path, names[i], err, errlen);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

const struct sct_known_entry *sct_known_find(const struct sct_known *k, const char *id)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->e[i].id, id))
			return &k->e[i];
	return NULL;
}

void sct_known_free(struct sct_known *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->e[i].id), free(k->e[i].commit), free(k->e[i].reason), free(k->e[i].list);
	free(k->e);
	k->e = NULL;
	k->n = 0;
}
