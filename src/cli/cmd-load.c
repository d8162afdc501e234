/* cmd-load.c -- `load`: read a CSV file (plain, or gzip, xz or zstd
 * compressed; a pipe or standard input too), a shipped dataset, or a demo
 * dataset, into a new session, which becomes the current one. */
/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/datasets.h"
#include "cli/db.h"
#include "fairsh/csv.h"
#include "fairsh/demo.h"

static enum cmd_retval cmd_load_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt load_opts[] = {
	CLI_CSV_OPTS,
	{ "n", OPT_INT, NULL, NULL, "demo data: number of rows" },
	{ "bias", OPT_DOUBLE, NULL, "B", "demo data: strength of the historical bias (0 = none)" },
	{ "seed", OPT_INT, NULL, "S", "demo data: random seed" },
	{ "setup", OPT_BOOL, NULL, NULL, "shipped dataset: apply its suggested target, sensitive attribute, split and features" },
	CLI_DB_OPTS,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_load_entry = {
	.name = "load", .alias = "l",
	.opts = load_opts,
	.min_args = 1, .max_args = 1,
	.flags = CMD_AS,
	.args = "PATH|-|DATASET|demo:NAME|sqlite:FILE|postgres:CONNINFO",
	.help = "load a CSV file (.gz, .xz, .zst too; - is standard input), a shipped dataset, a demo dataset, or a database table or query",
	.exec = cmd_load_exec,
};

/* Session name from a path: file name without directory and extension. */
char *
cli_path_session_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *s = strdup(b ? b + 1 : path), *dot;

	if (s == NULL)
		return NULL;
	dot = strrchr(s, '.');
	if (dot != NULL && dot != s && (!strcmp(dot, ".gz") || !strcmp(dot, ".xz") || !strcmp(dot, ".zst"))) {
		*dot = '\0';   /* data.csv.gz: the name is data */
		dot = strrchr(s, '.');
	}
	if (dot != NULL && dot != s)
		*dot = '\0';
	for (char *p = s; *p; p++)
		if (*p == ' ' || *p == ';' || *p == '"' || *p == '#')
			*p = '_';
	return s;
}

int
cli_csv_opts(struct cli_ctx *ctx, const struct cli_args *a, fair_csv_opts *o)
{
	const char *d = cli_opt(a, "delim");
	bool skip;

	fair_csv_opts_init(o);
	if (d != NULL) {
		if (!strcmp(d, "tab") || !strcmp(d, "\\t") || !strcmp(d, "\t"))
			o->delim = '\t';
		else if (strlen(d) == 1 && strchr(",;|", d[0]) != NULL)
			o->delim = d[0];
		else
			return cli_error(ctx, a, "delim must be one of , ; | tab, not '%s'", d), -1;
	}
	o->na = cli_opt(a, "na");
	if (cli_opt_bool(ctx, a, "skip_bad", false, &skip))
		return -1;
	o->skip_bad = skip;
	return 0;
}

static enum cmd_retval
cmd_load_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0];
	const fair_dataset *ds;
	char *found = NULL;
	int explicit_;
	bool setup = false;
	fair_frame *f = NULL;
	fair_error err;
	fair_session *s;
	char *name = NULL, source[600];
	fair_progress prog;
	enum cmd_retval rv = CMD_ERROR;

	fair_error_clear(&err);
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	ds = cli_dataset_named(path, &explicit_);
	if (explicit_ && ds == NULL) {
		cli_error(ctx, a, "no dataset '%s' ships with fairsh (datasets: %s)", path + 5, fair_dataset_names());
		goto out;
	}
	if (cli_opt_bool(ctx, a, "setup", false, &setup))
		goto out;
	if (setup && ds == NULL) {
		cli_error(ctx, a, "setup=yes applies to the shipped datasets (see 'datasets')");
		goto out;
	}
	if (ds != NULL && (path = found = cli_dataset_path(ctx, a, ds)) == NULL)
		goto out;
	if (strcmp(path, "-") == 0) {
		if (ctx->interactive || isatty(STDIN_FILENO) ||
		    (ctx->file != NULL && (!strcmp(ctx->file, "<stdin>") || !strcmp(ctx->file, "-")))) {
			cli_error(ctx, a, "load -: standard input carries the commands here; give them with -c or "
			          "a command file, and the data on standard input");
			goto out;
		}
		path = "/dev/stdin";
	}
	if (!fair_db_is_source(path) && (cli_opt(a, "table") || cli_opt(a, "query"))) {
		cli_error(ctx, a, "table= and query= apply to databases (sqlite:FILE, postgres:CONNINFO)");
		goto out;
	}
	if (fair_db_is_source(path)) {
		if (cli_db_load(ctx, a, path, &f, source, sizeof source) != CMD_OK)
			goto out;
		name = strdup(cli_opt(a, "table") ? cli_opt(a, "table") : "query");
	} else if (strncmp(path, "demo:", 5) == 0) {
		const char *demo = path + 5;
		size_t n, defn = fair_demo_default_n(demo);
		double bias;
		unsigned long seed;
		if (defn == 0) {
			cli_error(ctx, a, "unknown demo dataset '%s' (demo datasets: %s)", demo, fair_demo_names());
			goto out;
		}
		if (cli_opt(a, "delim") || cli_opt(a, "na") || cli_opt(a, "skip_bad")) {
			cli_error(ctx, a, "delim=, na= and skip_bad= apply to files, not to demo data");
			goto out;
		}
		if (cli_opt_size(ctx, a, "n", defn, 10, 10000000, &n) ||
		    cli_opt_double(ctx, a, "bias", 1.0, 0, 1e9, &bias) ||
		    cli_opt_seed(ctx, a, "seed", &seed))
			goto out;
		if (ctx->set.memory_limit && fair_demo_bytes(demo, n) > ctx->set.memory_limit) {
			cli_error(ctx, a, "'demo:%s n=%zu' needs about %zu MB, more than memory.limit (%zu MB)", demo, n,
			          fair_demo_bytes(demo, n) >> 20, ctx->set.memory_limit >> 20);
			goto out;
		}
		if (fair_demo_generate_progress(demo, n, bias, (unsigned long)seed, &f, &prog, &err)) {
			cli_ferror(ctx, a, &err);
			goto out;
		}
		snprintf(source, sizeof source, "demo:%s n=%zu bias=%g seed=%lu", demo, n, bias, seed);
		name = strdup(demo);
	} else {
		fair_csv_opts o;
		fair_csv_info info;
		if (cli_opt(a, "n") || cli_opt(a, "bias") || cli_opt(a, "seed")) {
			cli_error(ctx, a, "n=, bias= and seed= apply to demo data (load demo:NAME)");
			goto out;
		}
		if (cli_csv_opts(ctx, a, &o))
			goto out;
		o.memory_limit = ctx->set.memory_limit;
		o.prog = &prog;
		f = fair_csv_read(path, &o, &info, &err);
		if (f == NULL && err.code == FAIR_EIO && ds == NULL && strchr(path, '/') == NULL &&
		    strchr(path, '.') == NULL) {   /* a mistyped dataset name? */
			cli_error(ctx, a, "%s (shipped datasets: %s)", err.msg, fair_dataset_names());
			goto out;
		}
		if (f == NULL) {
			if (strstr(err.msg, ": invalid UTF-8 byte") != NULL)   /* most often Latin-1 */
				cli_error(ctx, a, "%s (fairsh reads UTF-8; convert the file, e.g. with "
				          "iconv -f latin1 -t utf-8)", err.msg);
			else
				cli_ferror(ctx, a, &err);
			goto out;
		}
		if (info.nskipped)
			cli_warn(ctx, "skipped %zu malformed row%s (first at line %zu)", info.nskipped,
			         info.nskipped == 1 ? "" : "s", info.first_skipped_line);
		if (info.ninf)
			cli_warn(ctx, "%zu infinite value%s treated as missing", info.ninf, info.ninf == 1 ? "" : "s");
		if (ds != NULL)
			snprintf(source, sizeof source, "data:%s", ds->name);
		else
			snprintf(source, sizeof source, "%s", path);
		name = ds != NULL ? strdup(ds->name) : cli_path_session_name(path);
	}
	if (a->as) {
		free(name);
		name = strdup(a->as);
	} else {
		char *u = fair_workbench_unique_name(ctx->wb, name);
		free(name);
		name = u;
	}
	s = fair_session_new(name, f, source, &err);
	if (s == NULL || fair_workbench_add(ctx->wb, s, &err)) {
		fair_session_free(s);
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (strncmp(path, "demo:", 5) != 0 && !fair_db_is_source(path)) {
		struct stat st;   /* a file that can be read again (not a pipe) */
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			s->path = realpath(path, NULL);
	}
	cli_info(ctx, "loaded %zu rows x %zu columns as session '%s'", fair_frame_nrows(f),
	         fair_frame_ncols(f), s->name);
	if (ds != NULL && (fair_frame_nrows(f) != ds->rows || fair_frame_ncols(f) != ds->cols))
		cli_warn(ctx, "'%s' is not the shipped %s data (%zu rows x %zu columns); 'datasets check' "
		         "compares the files", path, ds->name, ds->rows, ds->cols);
	rv = setup ? cli_dataset_setup(ctx, a, ds) : CMD_OK;
out:
	cli_fg_progress = NULL;
	fair_frame_unref(f);
	free(name);
	free(found);
	return rv;
}
