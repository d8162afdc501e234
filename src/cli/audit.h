/* audit.h -- running an audit of a model or a prediction column of the
 * current session (shared by audit, compare, tradeoff, plot, view). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_AUDIT_H
#define FAIRSH_CLI_AUDIT_H

#include "cli/cli.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"

/* What to audit: a model, or decisions read from columns (fairsh/spec.h,
 * fair_decision_build): pred= in the target's label space or with its
 * positive= values, score= cut at threshold= in a direction. A zeroed
 * request plus a model or pred= is a valid one. */
struct cli_audit_req {
	fair_model *model;        /* or NULL with pred= / score= */
	const char *pred;         /* prediction column */
	const char *score;        /* score column (with pred=: for AUC and calibration only) */
	const char *const *positive;   /* pred=: its values that are positive decisions */
	size_t      npositive;
	bool        has_threshold;     /* score= alone: threshold */
	double      threshold;
	int         direction;         /* enum fair_direction */
	int         on;           /* enum fair_on */
	size_t      bootstrap;
	bool        figure_ci;    /* also the bootstrap intervals of the groups' figures */
	bool        pairs;
	/* the intervals (fair_audit_opts): used when stats_set, else the core's
	 * defaults (Wilson, 95%, groups under 30 left out) */
	bool        stats_set;
	int         rate_ci;      /* enum fair_rate_ci */
	double      level;
	size_t      min_group;
	bool        keep_small;
	/* optional outputs (NULL: not wanted), the caller frees what it gets:
	 * how the decisions were read ("decile_score >= 5"; NULL for a model),
	 * the groups as numbered in the report (those with audited rows), and
	 * the decisions over the rows handed out by cli_audit_run */
	char       **rule_out;
	fair_groups **groups_out;
	double     **yhat_out;
	/* optional: the warnings of several audits of one command (compare
	 * audits several models on the same rows) are collected here instead
	 * of printed, each with the models it came from; cli_warn_seen_flush
	 * prints them once each, naming the models */
	struct cli_warn_seen *seen;
	/* true: the audit's own warnings (undefined metrics ...) are not
	 * shown, for commands that use only its decisions and rows */
	bool        quiet;
	/* what the metrics compare (fair_audit_opts.vs, .agg) */
	int         vs, agg;
	/* control=: a stratum index per row of the frame (-1 = none) and
	 * their number; after the audit of every row, cli_audit_run audits
	 * the rows of each stratum into strata_out[k] (caller-allocated,
	 * nstrata entries; the caller frees the reports), or leaves it NULL
	 * with the reason in strata_why[k] (a new string) */
	const int32_t *strata;
	size_t      nstrata;
	fair_report **strata_out;
	char      **strata_why;
	/* optional: groups to audit instead of the session's (borrowed; same
	 * rows as the frame), e.g. one attribute of several in `bias` */
	const fair_groups *groups;
	/* true: audit under @convention instead of `set convention` */
	bool        convention_set;
	int         convention;
	/* optional: the cells of these decisions over these rows, counted
	 * already by cli_audit_share (borrowed) */
	const size_t *counted;
	/* control= on an attached session (cli_control_request): the control
	 * columns join the pushdown's grouping and the strata are made from
	 * the counts, into this control's groups, reports and reasons */
	struct cli_control *control;
};

struct cli_warn_seen {
	char  **msg;
	char  **models;   /* "'plain', 'fair'" per message */
	size_t  n;
	char  **notes;    /* notes shown once for all the audits */
	size_t  nnotes;
};
/* Prints the collected warnings of @nmodels audits ("model 'fair': ...",
 * "models 'a', 'b': ...", "every model: ..."), at most 10, and frees them. */
void cli_warn_seen_flush(struct cli_ctx *ctx, struct cli_warn_seen *w, size_t nmodels);

void cli_warn_seen_free(struct cli_warn_seen *w);

/* The warnings of the audit @r of @req: at most 10 printed, or collected
 * in req->seen; none with req->quiet. */
void cli_audit_warnings(struct cli_ctx *ctx, const struct cli_audit_req *req, const fair_report *r);

/* The decision options of a command (pred=, score=, positive=,
 * threshold=, direction=) into @req, whose positive list then points into
 * *@list (caller frees with cli_list_free(*list, req->npositive)). 0, or -1
 * with the error printed. */
int cli_parse_decision(struct cli_ctx *ctx, const struct cli_args *a, struct cli_audit_req *req, char ***list);

/* After cli_parse_decision, for commands of one subject: a MODEL word or
 * decisions from columns, exactly one (the decision options belong to the
 * columns). 0, or -1 with the usage or error printed. */
int cli_decision_one(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_audit_req *req);

/* The decisions of a request (pred= or score=) named by the options that
 * made them, as the JSON and CSV results and check name them:
 * "pred=yhat", "pred=band positive=High", "score=p threshold=0.5
 * direction=lower". Truncated to @size. */
void cli_decision_name(const struct cli_audit_req *req, char *buf, size_t size);

/* The options every command that reads decisions takes. */
#define CLI_DECISION_OPTS \
	{ "pred", OPT_STRING, NULL, "COLUMN", "decisions in this column, read in the target's labels (or with positive=)" }, \
	{ "score", OPT_STRING, NULL, "COLUMN", "a score column: with threshold=, the decisions; with pred=, AUC and calibration" }, \
	{ "positive", OPT_LIST, NULL, "VALUE[,VALUE...]", "with pred=: the values that are positive decisions" }, \
	{ "threshold", OPT_DOUBLE, NULL, "T", "with score=: a score of T or more is a positive decision" }, \
	{ "direction", OPT_CHOICE, "higher|lower", NULL, "with score=: which way the score points to the positive class (default higher)" }

/* What the metrics compare and within which strata: the options audit,
 * compare, check and report take alike (cli_parse_vs reads the first two). */
#define CLI_VS_OPTS \
	{ "vs", OPT_CHOICE, "groups|overall", NULL, "differences and ratios between the groups (default) or of each group to the overall rows" }, \
	{ "agg", OPT_CHOICE, "max|mean", NULL, "equalized odds: the larger of its TPR and FPR comparisons (default) or their mean" }, \
	{ "control", OPT_LIST, NULL, "COLUMN[,COLUMN...]", "also audit within each stratum of these columns" }

/* vs= and agg= into req->vs and req->agg (FAIR_VS_GROUPS, FAIR_AGG_MAX
 * when not given). */
void cli_parse_vs(const struct cli_args *a, struct cli_audit_req *req);

/* Parses on= (default: test when the session has a split, else all). */
int cli_parse_on(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, int *on);
const char *cli_on_name(int on);

/* Runs the audit; NULL with an error printed. *scores_out (optional)
 * receives the score array over the audited rows and *rows_out the rows
 * (both caller-freed) for plots. Groups without rows among the audited
 * rows are left out of the report, with one note naming them. */
fair_report *cli_audit_run(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                           const struct cli_audit_req *req, size_t **rows_out, size_t *nrows_out,
                           double **scores_out);

/* compare of several requests (same on=, the session's groups): makes
 * each request's decisions (quietly: the audits print any error) and
 * counts the confusion cells of all of them in one pass over the rows
 * (fair_audit_count_shared); cnt[i] (n entries, caller frees each) is then
 * request i's counts for cli_audit_req.counted, or NULL where that request
 * is counted by its own audit (rows its audit skips or refuses). Returns
 * false, with every cnt[i] NULL, when nothing is shared: one request,
 * weights, a regression target, an attached database, another group set,
 * any decision that cannot be made. Prints nothing. */
bool cli_audit_share(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                     const struct cli_audit_req *const *reqs, size_t n, size_t **cnt);

/* control=COLUMN[,COLUMN] (audit-control.c): the strata of the control
 * columns, and the audit of each. */
struct cJSON;
struct out_table;
struct cli_control {
	const char   *spec;       /* the option's text, borrowed */
	fair_groups  *groups;     /* the strata: combinations of the control values */
	fair_report **reports;    /* K: the audit of each stratum, or NULL ... */
	char        **why;        /* ... with the reason */
	char        **cols;       /* attached session: the control columns, ... */
	size_t        ncols;      /* ... the strata made from the counts */
	char        **absent;     /* two or more columns: combinations of their values that never occur */
	size_t        nabsent;    /* how many there are (absent holds at most CLI_CONTROL_ABSENT_MAX) */
};
#define CLI_CONTROL_ABSENT_MAX 50
/* Reads control= (none: c->groups stays NULL). -1 with the error printed:
 * an unknown column, the target, a sensitive or the weights column, a
 * numeric column of many values, a single value. */
int  cli_control_setup(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c);
void cli_control_free(struct cli_control *c);
/* control= of an attached session (database or streamed file): checks the
 * columns against the session's target, sensitive and weights columns and
 * keeps them (the strata come later, from the counts). -1 when printed. */
int  cli_control_attach(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c);
/* control= of the session @s, loaded (cli_control_setup) or attached
 * (cli_control_attach): what audit, check, compare and report read. */
int  cli_control_for(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, struct cli_control *c);
/* The strata of @c from the counted combinations @counts (an attached
 * session's pushdown), as cli_control_setup makes them from the rows. */
int  cli_control_counted(struct cli_ctx *ctx, const struct cli_args *a, struct cli_control *c,
                         const fair_frame *counts);
/* Points the request's strata at @c (nothing when @c has none). */
void cli_control_request(struct cli_control *c, struct cli_audit_req *req);
void cli_control_text(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_control *c);
struct cJSON *cli_control_json(const struct cli_control *c, const char *model, const fair_session *s, const char *on);
void cli_control_tidy(struct out_table *t, const char *model, const struct cli_control *c);
/* "MODEL @ COLUMN=VALUE", the name of @model's audit of stratum @k (new
 * string; NULL when out of memory). */
char *cli_control_name(const struct cli_control *c, const char *model, size_t k);
/* The strata where some group of the report @r has no row ("band=hi: no
 * row of group 'b'"), as one note in @b (nothing when none). */
void cli_control_empty(const struct cli_control *c, const fair_report *r, fair_buf *b);
/* vs=overall: each group's selection rate, TPR and FPR (regression: mean
 * prediction) against the overall value, as JSON ("to_overall": a list of
 * {figure, overall, groups: [{group, value, difference, ratio}]}). */
struct cJSON *cli_to_overall_json(const fair_report *r);
/* The tidy CSV's rows of the same: kind "to_overall", name FIGURE_difference
 * and FIGURE_ratio, group_a the group, group_b "overall". */
void cli_to_overall_tidy(struct out_table *t, const char *model, const fair_report *r);
/* The same as a note (stderr), after the audit @r of every row. */
void cli_control_note(struct cli_ctx *ctx, const struct cli_control *c, const fair_report *r);

#endif
