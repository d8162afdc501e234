/* datasets.c -- the shell's side of the shipped datasets: the directories
 * searched for their files, the names `load` accepts, and the suggested
 * set-up run as ordinary commands (so it is shown, checked and reported
 * exactly as if typed). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairsh-datadir.h"
#include "cli/datasets.h"
#include "fairsh/buf.h"

size_t
cli_dataset_dirs(const char *dirs[4], char *buf, size_t len)
{
	const char *env = getenv("FAIRSH_DATA");
	size_t n = 0;
	char exe[4096];
	ssize_t k;

	if (env != NULL && env[0] != '\0')
		dirs[n++] = env;
	dirs[n++] = FAIRSH_SRCDATADIR;
	k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		char *slash;
		exe[k] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			int w = snprintf(buf, len, "%s/../share/fairsh/data", exe);
			if (w > 0 && (size_t)w < len)
				dirs[n++] = buf;
		}
	}
	dirs[n++] = FAIRSH_DATADIR;
	return n;
}

const fair_dataset *
cli_dataset_named(const char *arg, int *explicit_)
{
	struct stat st;

	*explicit_ = strncmp(arg, "data:", 5) == 0;
	if (*explicit_)
		return fair_dataset_find(arg + 5);
	if (strchr(arg, '/') != NULL || strchr(arg, '.') != NULL)
		return NULL;
	if (stat(arg, &st) == 0 || errno != ENOENT)
		return NULL;   /* a file of that name wins */
	return fair_dataset_find(arg);
}

char *
cli_dataset_path(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d)
{
	const char *dirs[4];
	char buf[8400];
	size_t n = cli_dataset_dirs(dirs, buf, sizeof buf);
	fair_error err;
	char *p = fair_dataset_locate(d, dirs, n, &err);

	if (p == NULL)
		cli_error(ctx, a, "%s (set FAIRSH_DATA to the directory that holds it)", err.msg);
	return p;
}

/* @s as one command word: quoted when it holds a space, ';', '#' or '"'. */
static void
word(fair_buf *b, const char *s)
{
	if (strpbrk(s, " \t;#\"") == NULL) {
		fair_buf_printf(b, "%s", s);
		return;
	}
	fair_buf_printf(b, "\"");
	for (; *s; s++)
		fair_buf_printf(b, *s == '"' ? "\\\"" : "%c", *s);
	fair_buf_printf(b, "\"");
}

static int
add(char ***v, size_t *n, fair_buf *b)
{
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL) {
		fair_buf_release(b);
		return -1;
	}
	*v = nv;
	(*v)[(*n)++] = fair_buf_detach(b);
	return 0;
}

char **
cli_dataset_setup_commands(const fair_dataset *d, size_t *n)
{
	char **v = NULL;
	fair_buf b = FAIR_BUF_INIT;

	*n = 0;
	for (const char *f = d->filters; f != NULL && *f;) {
		size_t l = strcspn(f, ";");
		char *e = strndup(f, l);
		fair_buf_printf(&b, "filter ");
		if (e != NULL)
			word(&b, e);
		free(e);
		if (add(&v, n, &b))
			goto fail;
		f += l + (f[l] == ';');
	}
	fair_buf_printf(&b, "target ");
	word(&b, d->target);
	if (d->positive != NULL) {
		fair_buf_printf(&b, " positive=");
		word(&b, d->positive);
	}
	if (!isnan(d->target_threshold))
		fair_buf_printf(&b, " threshold=%g", d->target_threshold);
	if (add(&v, n, &b))
		goto fail;
	fair_buf_printf(&b, "sensitive ");
	word(&b, d->sensitive);
	if (!isnan(d->sensitive_threshold))
		fair_buf_printf(&b, " threshold=%g", d->sensitive_threshold);
	if (d->privileged != NULL) {
		fair_buf_printf(&b, " privileged=");
		word(&b, d->privileged);
	}
	if (add(&v, n, &b))
		goto fail;
	if (d->split_column != NULL) {
		fair_buf_printf(&b, "split column=");
		word(&b, d->split_column);
	} else {
		fair_buf_printf(&b, "split 0.7");
	}
	if (add(&v, n, &b))
		goto fail;
	fair_buf_printf(&b, "features ");
	word(&b, d->features);
	if (add(&v, n, &b))
		goto fail;
	return v;
fail:
	cli_dataset_free(v, *n);
	*n = 0;
	return NULL;
}

void
cli_dataset_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

enum cmd_retval
cli_dataset_setup(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d)
{
	size_t n, nhist = ctx->nhistory;
	char **cmds = cli_dataset_setup_commands(d, &n);
	enum cmd_retval rv = CMD_OK;

	if (cmds == NULL)
		return cli_error(ctx, a, "out of memory");
	for (size_t i = 0; i < n && rv == CMD_OK; i++) {
		if (!ctx->echo)   /* --echo shows them itself; a confirmation otherwise */
			cli_info(ctx, "> %s", cmds[i]);
		rv = cli_exec_line(ctx, cmds[i]);
	}
	while (ctx->nhistory > nhist)
		free(ctx->history[--ctx->nhistory]);
	cli_dataset_free(cmds, n);
	if (rv == CMD_ERROR)
		cli_error(ctx, a, "the suggested set-up of '%s' stopped (see 'explain %s')", d->name, d->name);
	return rv;
}

char *
cli_dataset_text(const fair_dataset *d)
{
	fair_buf b = FAIR_BUF_INIT;

	if (fair_buf_printf(&b, "%s: %s\n\nWhere it comes from:\n%s\nPublished by: %s\nTerms: %s\nCite: %s\n\n"
	                    "Known problems:\n%s\n\nSuggested use ('load %s setup=yes'):\n%s\n", d->name, d->title,
	                    d->provenance, d->publisher, d->license, d->citation, d->caveats, d->name, d->use) != 0) {
		fair_buf_release(&b);
		return NULL;
	}
	return fair_buf_detach(&b);
}
