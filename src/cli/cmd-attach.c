/* cmd-attach.c -- `attach sqlite:FILE|postgres:CONNINFO table=T|query=SQL`:
 * a session over a database table whose rows stay in the database. Its
 * set-up (target, sensitive, filter, derive) is recorded and `audit` runs
 * one grouped query there (src/cli/db.c); commands that need the rows say
 * so and point to `load`. `attach FILE` does the same for a CSV file (plain
 * or compressed) too large to load: audits stream it in one pass with
 * constant memory (counted by the core, src/core/data/stream-count.c; the
 * audit's glue is src/cli/stream.c). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "fairsh/stream.h"
#include "cli/cli.h"
#include "cli/db.h"

static enum cmd_retval cmd_attach_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt attach_opts[] = {
	CLI_DB_OPTS,
	CLI_CSV_OPTS,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.opts = attach_opts,
	.min_args = 1, .max_args = 1,
	.flags = CMD_AS,
	.args = "sqlite:FILE|postgres:CONNINFO {table}|{query} | FILE.csv[.gz|.xz|.zst] [{delim}] [{na}] [{skip_bad}]",
	.help = "open a database table (audits run in the database) or a CSV file (audits stream it) "
	        "as a session without loading it",
	.exec = cmd_attach_exec,
};

/* `attach FILE [delim=C] [na=LIST] [skip_bad=yes]`: the header and the
 * types of the first rows, read as `load` reads them; the rows stay in the
 * file, read again with the same options by each audit. */
static enum cmd_retval
attach_file(struct cli_ctx *ctx, const struct cli_args *a, const char *path)
{
	fair_error err;
	fair_progress prog;
	fair_csv_opts o;
	fair_frame *f;
	fair_session *s;
	char source[700], *name;

	if (cli_opt(a, "table") != NULL || cli_opt(a, "query") != NULL)
		return cli_error(ctx, a, "table= and query= are for databases; '%s' is read as a CSV file", path);
	if (cli_csv_opts(ctx, a, &o))
		return CMD_ERROR;
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;
	f = fair_stream_csv_schema(path, &o, &err);
	cli_fg_progress = NULL;
	if (f == NULL)
		return cli_ferror(ctx, a, &err);
	snprintf(source, sizeof source, "%s (attached, streamed)", path);
	if (a->as != NULL)
		name = strdup(a->as);
	else {
		char *b = cli_path_session_name(path);
		name = b != NULL ? fair_workbench_unique_name(ctx->wb, b) : NULL;
		free(b);
	}
	s = fair_session_new(name ? name : "file", f, source, &err);
	fair_frame_unref(f);
	free(name);
	if (s == NULL || (s->db_setup = fair_db_setup_new()) == NULL || (s->stream_path = strdup(path)) == NULL ||
	    (o.na != NULL && (s->stream_na = strdup(o.na)) == NULL)) {
		fair_session_free(s);
		return cli_error(ctx, a, "out of memory");
	}
	s->stream_delim = o.delim;
	s->stream_skip_bad = o.skip_bad;
	if (fair_workbench_add(ctx->wb, s, &err)) {
		fair_session_free(s);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "attached %s (%zu columns) as session '%s': audits stream the file in one pass", path,
	         fair_frame_ncols(s->frame), s->name);
	return CMD_OK;
}

static enum cmd_retval
cmd_attach_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *src = a->pos[0], *t = cli_opt(a, "table"), *q = cli_opt(a, "query");
	fair_error err;
	fair_db *db = NULL;
	fair_session *s = NULL;
	fair_frame *f = NULL;
	char **names = NULL, *name = NULL, *sql = NULL, source[700];
	fair_coltype *types = NULL;
	size_t ncols = 0;
	enum cmd_retval rv = CMD_ERROR;

	if (!fair_db_is_source(src))
		return attach_file(ctx, a, src);
	if (cli_opt(a, "delim") || cli_opt(a, "na") || cli_opt(a, "skip_bad"))
		return cli_error(ctx, a, "delim=, na= and skip_bad= apply to files, not to databases");
	if ((t == NULL) == (q == NULL))
		return cli_error(ctx, a, "give table=NAME or query=\"SELECT ...\"");
	if ((db = fair_db_open(src, false, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	sql = t != NULL ? fair_db_table_sql(t) : strdup(q);
	if (sql == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	/* the columns and their types, not the rows */
	if (fair_db_schema(db, NULL, sql, &ncols, &names, &types, &err) ||
	    (f = fair_db_empty_frame(ncols, names, types, &err)) == NULL) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (t != NULL)
		snprintf(source, sizeof source, "%s table=%s (attached)", fair_db_display(db), t);
	else
		snprintf(source, sizeof source, "%s query (attached)", fair_db_display(db));
	name = a->as ? strdup(a->as) : fair_workbench_unique_name(ctx->wb, t != NULL ? t : "query");
	s = fair_session_new(name ? name : "query", f, source, &err);
	if (s == NULL || (s->db_setup = fair_db_setup_new()) == NULL) {
		fair_session_free(s);
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	s->db = db;
	s->db_sql = sql;
	db = NULL;
	sql = NULL;
	if (fair_workbench_add(ctx->wb, s, &err)) {
		fair_session_free(s);
		cli_ferror(ctx, a, &err);
		goto out;
	}
	cli_info(ctx, "attached %s (%zu columns) as session '%s': audits run in the database", source, ncols, s->name);
	rv = CMD_OK;
out:
	for (size_t j = 0; names != NULL && j < ncols; j++)
		free(names[j]);
	free(names);
	free(types);
	free(name);
	free(sql);
	fair_frame_unref(f);
	fair_db_close(db);
	return rv;
}
