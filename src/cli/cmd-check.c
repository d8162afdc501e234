/* cmd-check.c -- `check NAME OP LIMIT [MODEL ... | pred=COLUMN | score=COLUMN
 * threshold=T]`, a fairness gate: audits each model (or the decisions read
 * from columns, as audit reads them) and compares a metric or a figure
 * with a limit (fair_check_eval), the whole interval with ci=. A check that
 * does not pass makes a batch run exit 3 once the other commands have run;
 * to=FILE collects every check aimed at the file (.xml: JUnit XML). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "out/junit.h"

static enum cmd_retval cmd_check_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt check_opts[] = {
	CLI_DECISION_OPTS,
	CMD_OPT_ON,
	{ "ci", OPT_STRING, NULL, "yes|B", "the whole bootstrap interval must pass (yes: 1000 resamples, or B)" },
	{ "min-group", OPT_INT, NULL, "N", "groups with fewer rows (or positives/negatives for the rate) cannot be judged (default 30; 0 = none)" },
	{ "inconclusive", OPT_CHOICE, "fail|pass", NULL, "whether an INCONCLUSIVE check fails the gate (default fail)" },
	CLI_VS_OPTS,
	{ "to", OPT_OUTFILE, NULL, "FILE",
	  "write the result to FILE (format from its extension: .txt .csv .json .md, .xml for JUnit XML)" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_check_entry = {
	.name = "check", .min_args = 1, .max_args = -1, .opts = check_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT | CMD_JUNIT,
	.args = "NAME <|<=|>|>= LIMIT [MODEL ... | {pred} [{positive}] [{score}] | {score} {threshold} [{direction}]]",
	.help = "a fairness gate: compare a metric or a group's figure with a limit (command files exit 3 when one fails)",
	.exec = cmd_check_exec,
};

/* One check of one model, as run. */
struct cli_check_rec {
	char   *text;          /* "equal_opportunity_difference <= 0.05" */
	char   *subject;       /* "plain", "pred=yhat", "score=p threshold=0.5" */
	bool    decisions;     /* the subject is decisions read from columns, not a model */
	char   *session;
	const char *on;        /* static */
	char   *file;          /* the command file, NULL for -c and the prompt */
	size_t  line;
	char   *to;            /* the to=FILE it was written to, or NULL */
	int     status;        /* enum fair_check_status */
	bool    let_through;   /* INCONCLUSIVE with inconclusive=pass: does not fail the gate */
	int     cmp;
	double  value, limit, ci_low, ci_high;
	bool    ci;
	char   *group_a, *group_b;
	double  value_a, value_b;
	char   *reason;
	double  time_s;
	time_t  when;
};

struct cli_check_log {
	struct cli_check_rec *v;
	size_t n, cap;
};

static const char *const status_names[] = { "pass", "fail", "inconclusive" };

void
cli_checks_free(struct cli_ctx *ctx)
{
	struct cli_check_log *log = ctx->checks;

	if (log == NULL)
		return;
	for (size_t i = 0; i < log->n; i++) {
		struct cli_check_rec *c = &log->v[i];
		free(c->text);
		free(c->subject);
		free(c->session);
		free(c->file);
		free(c->to);
		free(c->group_a);
		free(c->group_b);
		free(c->reason);
	}
	free(log->v);
	free(log);
	ctx->checks = NULL;
}

size_t
cli_checks_count(const struct cli_ctx *ctx)
{
	return ctx->checks ? ctx->checks->n : 0;
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Appends a record; NULL when out of memory. */
static struct cli_check_rec *
log_add(struct cli_ctx *ctx)
{
	struct cli_check_log *log = ctx->checks;

	if (log == NULL && (log = ctx->checks = calloc(1, sizeof *log)) == NULL)
		return NULL;
	if (log->n == log->cap) {
		size_t ncap = log->cap ? 2 * log->cap : 8;
		struct cli_check_rec *p = realloc(log->v, ncap * sizeof *p);
		if (p == NULL)
			return NULL;
		log->v = p;
		log->cap = ncap;
	}
	memset(&log->v[log->n], 0, sizeof log->v[log->n]);
	return &log->v[log->n++];
}

/* "the check: STATUS TEXT (model m, test rows): REASON" */
static void
rec_line(const struct cli_check_rec *c, fair_buf *b)
{
	fair_buf_printf(b, "%s %s (%s%s, %s rows): %s", c->status == FAIR_CHECK_PASS ? "PASS" :
	                c->status == FAIR_CHECK_FAIL ? "FAIL" : "INCONCLUSIVE", c->text,
	                c->decisions ? "" : "model ", c->subject, c->on, c->reason);
}

/* ---- the formats ---- */

static void
print_text(struct cli_ctx *ctx, struct cli_check_rec *const *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fair_buf b = FAIR_BUF_INIT;
		rec_line(r[i], &b);
		/* the line quotes group labels and model names from the data */
		out_put_escaped(cli_out(ctx), b.buf);
		cli_printf(ctx, "\n");
		fair_buf_release(&b);
	}
}

static void
print_table(struct cli_ctx *ctx, const struct cli_args *a, struct cli_check_rec *const *r, size_t n)
{
	static const char *const cols[] = {
		"check", "model", "on", "status", "fails_gate", "value", "comparison", "limit", "ci_low", "ci_high",
		"group_a", "value_a", "group_b", "value_b", "reason", "file", "line",
	};
	struct out_table *t = out_table_new("Fairness checks", sizeof cols / sizeof cols[0], cols);

	if (t == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct cli_check_rec *c = r[i];
		size_t row = out_table_row(t), k = 0;
		out_table_str(t, row, k++, c->text);
		out_table_str(t, row, k++, c->subject);
		out_table_str(t, row, k++, c->on);
		out_table_str(t, row, k++, status_names[c->status]);
		out_table_str(t, row, k++, c->status != FAIR_CHECK_PASS && !c->let_through ? "yes" : "no");
		out_table_num(t, row, k++, c->value, 4);
		out_table_str(t, row, k++, fair_cmp_name(c->cmp));
		out_table_num(t, row, k++, c->limit, 6);
		out_table_num(t, row, k++, c->ci_low, 4);
		out_table_num(t, row, k++, c->ci_high, 4);
		out_table_str(t, row, k++, c->group_a ? c->group_a : "");
		out_table_num(t, row, k++, c->value_a, 4);
		out_table_str(t, row, k++, c->group_b ? c->group_b : "");
		out_table_num(t, row, k++, c->value_b, 4);
		out_table_str(t, row, k++, c->reason);
		out_table_str(t, row, k++, c->file ? c->file : "");
		if (c->file)
			out_table_int(t, row, k++, (long long)c->line);
		else
			out_table_null(t, row, k++, "");
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
}

static cJSON *
rec_json(const struct cli_check_rec *c)
{
	cJSON *o = cJSON_CreateObject(), *p;

	cJSON_AddStringToObject(o, "check", c->text);
	cJSON_AddStringToObject(o, "model", c->subject);
	cJSON_AddStringToObject(o, "session", c->session);
	cJSON_AddStringToObject(o, "on", c->on);
	cJSON_AddStringToObject(o, "status", status_names[c->status]);
	cJSON_AddBoolToObject(o, "fails_gate", c->status != FAIR_CHECK_PASS && !c->let_through);
	cJSON_AddItemToObject(o, "value", json_num(c->value));
	cJSON_AddStringToObject(o, "comparison", fair_cmp_name(c->cmp));
	cJSON_AddItemToObject(o, "limit", json_num(c->limit));
	if (c->ci) {
		p = cJSON_AddArrayToObject(o, "ci");
		cJSON_AddItemToArray(p, json_num(c->ci_low));
		cJSON_AddItemToArray(p, json_num(c->ci_high));
	} else {
		cJSON_AddNullToObject(o, "ci");
	}
	p = cJSON_AddArrayToObject(o, "groups");
	cJSON_AddItemToArray(p, c->group_a ? cJSON_CreateString(c->group_a) : cJSON_CreateNull());
	cJSON_AddItemToArray(p, c->group_b ? cJSON_CreateString(c->group_b) : cJSON_CreateNull());
	p = cJSON_AddArrayToObject(o, "group_values");
	cJSON_AddItemToArray(p, json_num(c->value_a));
	cJSON_AddItemToArray(p, json_num(c->value_b));
	cJSON_AddStringToObject(o, "reason", c->reason);
	cJSON_AddItemToObject(o, "file", c->file ? cJSON_CreateString(c->file) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "line", c->file ? cJSON_CreateNumber((double)c->line) : cJSON_CreateNull());
	return o;
}

static void
print_json(struct cli_ctx *ctx, struct cli_check_rec *const *r, size_t n)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	size_t failed = 0;

	for (size_t i = 0; i < n; i++)
		failed += r[i]->status != FAIR_CHECK_PASS && !r[i]->let_through;
	cJSON_AddNumberToObject(o, "tests", (double)n);
	cJSON_AddNumberToObject(o, "passed", (double)(n - failed));
	cJSON_AddNumberToObject(o, "failed", (double)failed);
	arr = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, rec_json(r[i]));
	cli_result_json(ctx, o);
}

static void
print_junit(struct cli_ctx *ctx, struct cli_check_rec *const *r, size_t n)
{
	struct out_testcase *tc = calloc(n ? n : 1, sizeof *tc);
	fair_buf *strs = calloc(n ? 4 * n : 1, sizeof *strs);
	char stamp[32] = "";

	if (tc == NULL || strs == NULL)
		goto out;
	if (n > 0) {
		struct tm tm;
		gmtime_r(&r[0]->when, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cli_check_rec *c = r[i];
		fair_buf *name = &strs[4 * i], *cls = &strs[4 * i + 1], *det = &strs[4 * i + 2], *out = &strs[4 * i + 3];
		*name = *cls = *det = *out = (fair_buf)FAIR_BUF_INIT;
		fair_buf_printf(name, "%s (%s%s, %s rows)", c->text, c->decisions ? "" : "model ",
		                c->subject, c->on);
		fair_buf_printf(cls, "fairsh.%s.%s", c->session, c->subject);
		fair_buf_printf(det, "%s = %.17g, required %s %.17g", c->text, c->value, fair_cmp_name(c->cmp), c->limit);
		if (c->ci)
			fair_buf_printf(det, "\n%.0f%% interval [%.17g, %.17g] (the whole interval must pass)", 95.0,
			                c->ci_low, c->ci_high);
		if (c->group_a)
			fair_buf_printf(det, "\ngroups: %s%s%s", c->group_a, c->group_b ? " vs " : "", c->group_b ? c->group_b : "");
		if (c->file)
			fair_buf_printf(det, "\nat %s:%zu", c->file, c->line);
		rec_line(c, out);
		tc[i].suite = c->file ? c->file : "fairsh";
		tc[i].name = name->buf;
		tc[i].classname = cls->buf;
		tc[i].time_s = c->time_s;
		tc[i].status = c->status == FAIR_CHECK_PASS ? OUT_CASE_PASS : c->let_through ? OUT_CASE_SKIP : OUT_CASE_FAIL;
		tc[i].type = status_names[c->status];
		tc[i].message = c->reason;
		tc[i].details = det->buf;
		tc[i].output = out->buf;
	}
	out_junit(cli_out(ctx), "fairsh fairness checks", stamp, tc, n);
out:
	for (size_t i = 0; strs && i < 4 * n; i++)
		fair_buf_release(&strs[i]);
	free(strs);
	free(tc);
}

/* ---- the command ---- */

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The check is the first one to three words ("eod<=0.05", "eod <= 0.05",
 * "eod <=0.05"); *@used is how many. */
static int
parse_words(const struct cli_args *a, fair_check *c, size_t *used, fair_error *err)
{
	fair_buf b = FAIR_BUF_INIT;
	int st = FAIR_EINVAL;

	for (size_t k = 0; k < a->npos && k < 3; k++) {
		fair_buf_printf(&b, "%s%s", k ? " " : "", a->pos[k]);
		/* enough words when they hold a comparison and something after it */
		const char *op = strpbrk(b.buf, "<>");
		if (op == NULL)
			continue;
		op += 1 + (op[1] == '=');
		op += strspn(op, " ");
		if (*op == '\0')
			continue;
		*used = k + 1;
		st = fair_check_parse(b.buf, c, err);
		break;
	}
	if (st == FAIR_EINVAL && err->msg[0] == '\0')
		fair_error_set(err, FAIR_EINVAL, "expected NAME <, <=, > or >= LIMIT, e.g. "
		               "equal_opportunity_difference <= 0.05");
	fair_buf_release(&b);
	return st;
}

/* Records the result @res of check @c on @subject; NULL when out of memory. */
static struct cli_check_rec *
record(struct cli_ctx *ctx, const fair_session *s, const fair_check *c, const char *subject, bool dec, int on,
       const char *to, bool ci, bool let_through, const fair_check_result *res, double t0)
{
	struct cli_check_rec *rec = log_add(ctx);

	if (rec == NULL)
		return NULL;
	rec->text = strdup(c->text);
	rec->subject = strdup(subject);
	rec->decisions = dec;
	rec->session = strdup(s->name);
	rec->on = cli_on_name(on);
	rec->file = dup_or_null(ctx->file);
	rec->line = ctx->lineno;
	rec->to = dup_or_null(to);
	rec->status = res->status;
	rec->let_through = let_through && res->status == FAIR_CHECK_INCONCLUSIVE;
	rec->cmp = c->cmp;
	rec->value = res->value;
	rec->limit = c->limit;
	rec->ci = ci;
	rec->ci_low = res->ci_low;
	rec->ci_high = res->ci_high;
	rec->group_a = dup_or_null(res->group_a);
	rec->group_b = dup_or_null(res->group_b);
	rec->value_a = res->value_a;
	rec->value_b = res->value_b;
	rec->reason = strdup(res->reason);
	rec->time_s = now_s() - t0;
	rec->when = time(NULL);
	if (res->status != FAIR_CHECK_PASS && !rec->let_through)
		ctx->checks_failed++;
	return rec;
}

/* control=: the check within each stratum of @ctl, one record each named
 * "SUBJECT @ COLUMN=VALUE"; a stratum not audited is INCONCLUSIVE with
 * the reason. -1 with the error printed. */
static int
check_strata(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const fair_check *c,
             const struct cli_control *ctl, const char *subject, bool dec, int on, bool ci, bool let_through,
             size_t *nnew)
{
	fair_error err;

	for (size_t k = 0; ctl->groups && k < ctl->groups->K; k++) {
		fair_check_result res;
		double t0 = now_s();
		char *name = cli_control_name(ctl, subject, k);
		struct cli_check_rec *rec;
		if (name == NULL)
			return cli_error(ctx, a, "out of memory"), -1;
		if (ctl->reports[k] == NULL) {
			memset(&res, 0, sizeof res);
			res.status = FAIR_CHECK_INCONCLUSIVE;
			res.value = res.ci_low = res.ci_high = res.value_a = res.value_b = NAN;
			snprintf(res.reason, sizeof res.reason, "stratum not audited: %s", ctl->why[k] ? ctl->why[k] : "?");
		} else if (fair_check_eval(c, ctl->reports[k], ci, &res, &err) != FAIR_OK) {
			free(name);
			return cli_ferror(ctx, a, &err), -1;
		}
		rec = record(ctx, s, c, name, dec, on, cli_opt(a, "to"), ci, let_through, &res, t0);
		free(name);
		if (rec == NULL)
			return cli_error(ctx, a, "out of memory"), -1;
		(*nnew)++;
	}
	return 0;
}

static enum cmd_retval
cmd_check_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *civ = cli_opt(a, "ci"), *to = cli_opt(a, "to");
	size_t used = 0, B = 0, nsub, first, nnew = 0;
	struct cli_audit_req dreq;
	char **poslist = NULL, subject[300];
	fair_check c;
	fair_error err;
	bool ci = false, dec, let_through = false;
	size_t min_group = 30;
	int on;
	enum cmd_retval rv = CMD_OK;

	if (s == NULL)
		return CMD_ERROR;
	memset(&err, 0, sizeof err);
	if (parse_words(a, &c, &used, &err) != FAIR_OK)
		return cli_usage(ctx, a, NULL, err.msg[0] ? err.msg : NULL);
	/* decisions read from columns, as audit reads them (cli/audit.h) */
	memset(&dreq, 0, sizeof dreq);
	if (cli_parse_decision(ctx, a, &dreq, &poslist)) {
		fair_check_release(&c);
		return CMD_ERROR;
	}
	dec = dreq.pred != NULL || dreq.score != NULL;
	if (!dec && (dreq.npositive || dreq.has_threshold || cli_opt(a, "direction"))) {
		rv = cli_error(ctx, a, "positive=, threshold= and direction= read decisions from columns: "
		               "give pred=COLUMN or score=COLUMN threshold=T");
		goto out;
	}
	if (dec && a->npos > used) {
		rv = cli_usage(ctx, a, NULL, "give MODELs or pred=COLUMN (score=COLUMN threshold=T), not both");
		goto out;
	}
	if (civ != NULL && cli_parse_bool(civ, &ci) == 0) {
		B = ci ? 1000 : 0;
	} else if (civ != NULL && (cli_parse_size(civ, 2, 100000, &B) < 0)) {
		rv = cli_error(ctx, a, "ci must be yes, no or a number of resamples (2 to 100000), not '%s'", civ);
		goto out;
	} else if (civ != NULL) {
		ci = true;
	}
	if (cli_parse_on(ctx, a, s, &on) || cli_opt_size(ctx, a, "min-group", 30, 0, 1000000000, &min_group)) {
		rv = CMD_ERROR;
		goto out;
	}
	let_through = cli_opt(a, "inconclusive") && !strcmp(cli_opt(a, "inconclusive"), "pass");
	cli_parse_vs(a, &dreq);
	/* what is checked: the decisions, the models named, else every model */
	if (!dec && a->npos == used && cli_wait(ctx, NULL) != CMD_OK) {
		rv = CMD_ERROR;
		goto out;
	}
	nsub = dec ? 1 : a->npos > used ? a->npos - used : s->nmodels;
	if (nsub == 0) {
		rv = cli_error(ctx, a, "session '%s' has no models to check: name a MODEL, give pred=COLUMN, or train one",
		               s->name);
		goto out;
	}
	first = ctx->checks ? ctx->checks->n : 0;
	for (size_t i = 0; i < nsub && rv == CMD_OK; i++) {
		struct cli_audit_req req;
		fair_check_result res;
		double t0 = now_s();
		if (dec) {
			req = dreq;
			cli_decision_name(&req, subject, sizeof subject);
		} else {
			memset(&req, 0, sizeof req);
		}
		req.on = on;
		req.bootstrap = B;
		req.figure_ci = ci && c.fig >= 0;
		/* the audit's defaults but for the minimum group size */
		req.stats_set = true;
		req.rate_ci = FAIR_RATE_CI_WILSON;
		req.level = 0.95;
		req.min_group = min_group;
		req.vs = dreq.vs;
		req.agg = dreq.agg;
		struct cli_control ctl;
		if (cli_control_for(ctx, a, s, &ctl)) {
			rv = CMD_ERROR;
			break;
		}
		cli_control_request(&ctl, &req);
		if (!dec) {
			req.model = a->npos > used ? cli_model(ctx, a, s, a->pos[used + i]) : s->models[i];
			if (req.model == NULL) {
				cli_control_free(&ctl);
				rv = CMD_ERROR;
				break;
			}
			snprintf(subject, sizeof subject, "%s", fair_model_name(req.model));
		}
		fair_report *r = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL);
		if (r == NULL) {
			cli_control_free(&ctl);
			rv = CMD_ERROR;
			break;
		}
		if (fair_check_eval(&c, r, ci, &res, &err) != FAIR_OK) {
			fair_report_free(r);
			cli_control_free(&ctl);
			rv = cli_ferror(ctx, a, &err);
			break;
		}
		if (record(ctx, s, &c, subject, dec, on, to, ci, let_through, &res, t0) == NULL) {
			fair_report_free(r);
			cli_control_free(&ctl);
			rv = cli_error(ctx, a, "out of memory");
			break;
		}
		nnew++;
		cli_control_note(ctx, &ctl, r);
		if (check_strata(ctx, a, s, &c, &ctl, subject, dec, on, ci, let_through, &nnew))
			rv = CMD_ERROR;
		fair_report_free(r);
		cli_control_free(&ctl);
	}
	fair_check_release(&c);
	cli_list_free(poslist, dreq.npositive);
	poslist = NULL;
	if (nnew == 0)
		return rv;

	/* the result: this command's checks, or with to=FILE every check
	 * written to that file so far (one JUnit document for the run) */
	struct cli_check_log *log = ctx->checks;
	struct cli_check_rec **show = calloc(log->n, sizeof *show);
	size_t nshow = 0;
	if (show == NULL)
		return cli_error(ctx, a, "out of memory");
	for (size_t i = to ? 0 : first; i < log->n; i++)
		if (!to || (log->v[i].to && !strcmp(log->v[i].to, to)))
			show[nshow++] = &log->v[i];
	switch (a->format) {
	case OUT_JSON:
		print_json(ctx, show, nshow);
		break;
	case OUT_JUNIT:
		print_junit(ctx, show, nshow);
		break;
	case OUT_CSV:
	case OUT_MARKDOWN:
		print_table(ctx, a, show, nshow);
		break;
	default:
		print_text(ctx, show, nshow);
	}
	free(show);
	/* in a file the checks are not seen: say how each went (failures always) */
	for (size_t i = first; to && i < log->n; i++) {
		fair_buf b = FAIR_BUF_INIT;
		rec_line(&log->v[i], &b);
		if (log->v[i].status == FAIR_CHECK_PASS || log->v[i].let_through)
			cli_info(ctx, "%s", b.buf);
		else
			cli_error(ctx, a, "%s", b.buf);
		fair_buf_release(&b);
	}
	return rv;
out:
	fair_check_release(&c);
	cli_list_free(poslist, dreq.npositive);
	return rv;
}
