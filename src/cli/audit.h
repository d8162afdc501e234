/* audit.h -- running an audit of a model or a prediction column of the
 * current session (shared by audit, compare, tradeoff, plot, view). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_AUDIT_H
#define FAIRSH_CLI_AUDIT_H

#include "cli/cli.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"

struct cli_audit_req {
	fair_model *model;        /* or NULL with pred column */
	const char *pred;         /* prediction column (hard 0/1, or regression values) */
	const char *score;        /* score column (optional) */
	int         on;           /* enum fair_on */
	size_t      bootstrap;
	bool        pairs;
	/* the intervals (fair_audit_opts): used when stats_set, else the core's
	 * defaults (Wilson, 95%, groups under 30 left out) */
	bool        stats_set;
	int         rate_ci;      /* enum fair_rate_ci */
	double      level;
	size_t      min_group;
	bool        keep_small;
	/* optional: warnings already shown by an earlier audit of the same
	 * command (compare audits several models on the same rows); repeats
	 * are not shown again, new ones are added (cli_warn_seen_free) */
	struct cli_warn_seen *seen;
};

struct cli_warn_seen {
	char  **msg;
	size_t  n;
};

void cli_warn_seen_free(struct cli_warn_seen *w);

/* Parses on= (default: test when the session has a split, else all). */
int cli_parse_on(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, int *on);
const char *cli_on_name(int on);

/* Runs the audit; NULL with an error printed. *scores_out (optional)
 * receives the score array over the audited rows and *rows_out the rows
 * (both caller-freed) for plots. */
fair_report *cli_audit_run(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                           const struct cli_audit_req *req, size_t **rows_out, size_t *nrows_out,
                           double **scores_out);

#endif
