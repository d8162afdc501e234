/* stream.c -- the audit of a session attached to a CSV file (`attach
 * FILE`): the file read with the options it was attached with, counted in
 * one pass by the core (fair_stream_count_csv, constant memory) into the
 * counts the pushdown's GROUP BY returns, so the figures come from the same
 * code as a database's (cli_db_audit_counts). Here only what the shell
 * adds: the progress line, the reader's warnings, the messages. */
/* SPDX-License-Identifier: MIT */
#include "fairsh/stream.h"
#include "cli/cli.h"
#include "cli/db.h"

fair_report *
cli_stream_audit(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
                 const fair_db_push *p)
{
	fair_error err;
	fair_csv_opts o;
	fair_csv_info info;
	fair_progress prog;
	fair_frame *fc;
	fair_report *r = NULL;
	size_t rows = 0;

	fair_csv_opts_init(&o);   /* read as `attach` read it */
	o.delim = s->stream_delim;
	o.na = s->stream_na;
	o.skip_bad = s->stream_skip_bad;
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;
	fc = fair_stream_count_csv(s->stream_path, &o, s->frame, s->db_setup, p, &info, &rows, &err);
	cli_fg_progress = NULL;
	if (fc == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if (fair_frame_nrows(fc) == 0) {
		cli_error(ctx, a, "no rows to audit: %s", s->db_setup->nfilters ? "the filters keep no row" : "the file has no rows");
		fair_frame_unref(fc);
		return NULL;
	}
	if (info.nskipped > 0 && !req->quiet)   /* as `load` says it */
		cli_warn(ctx, "skipped %zu malformed row%s (first at line %zu)", info.nskipped,
		         info.nskipped == 1 ? "" : "s", info.first_skipped_line);
	if (info.ninf > 0 && !req->quiet)
		cli_warn(ctx, "%zu infinite value%s treated as missing", info.ninf, info.ninf == 1 ? "" : "s");
	r = cli_db_audit_counts(ctx, a, s, req, fc);
	if (r != NULL)
		s->db_rows = rows;   /* before the filters */
	fair_frame_unref(fc);
	return r;
}
