/* cmd-indices.c -- `indices [MODEL | pred=COLUMN | score=COLUMN threshold=T]`:
 * AIF360's individual and between-group fairness indices of the decisions
 * (generalized entropy, Theil, coefficient of variation, their between-group
 * terms) and consistency over the k nearest rows on the features. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/buf.h"
#include "fairsh/indices.h"
#include "fairsh/spec.h"
#include "json/json.h"

static enum cmd_retval cmd_indices_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt indices_opts[] = {
	CLI_DECISION_OPTS,
	CMD_OPT_ON,
	{ "alpha", OPT_DOUBLE, NULL, "A", "the generalized entropy index's alpha (default 2)" },
	{ "neighbors", OPT_INT, NULL, "K", "consistency over the K nearest rows, the row itself included (default 5; 0 = none)" },
	{ "features", OPT_LIST, NULL, "COL,...", "consistency's feature columns (default: the session's features)" },
	{ "scale", OPT_BOOL, NULL, NULL, "standardise numeric features before the neighbour search (default no, as AIF360)" },
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_indices_entry = {
	.name = "indices", .min_args = 0, .max_args = 1, .opts = indices_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[MODEL | {pred} [{positive}] | {score} {threshold} [{direction}]]",
	.help = "individual fairness indices: generalized entropy, Theil, between groups, consistency",
	.exec = cmd_indices_exec,
};

/* The JSON keys are AIF360's method names. */
static const char *const index_names[] = {
	"generalized_entropy_index", "theil_index", "coefficient_of_variation",
	"between_all_groups_generalized_entropy_index", "between_all_groups_theil_index",
	"between_all_groups_coefficient_of_variation",
	"between_group_generalized_entropy_index", "between_group_theil_index",
	"between_group_coefficient_of_variation", "consistency",
};

static void
index_values(const fair_indices *r, double v[10])
{
	double w[10] = { r->gei, r->theil, r->cv, r->between_all_gei, r->between_all_theil, r->between_all_cv,
		         r->between_gei, r->between_theil, r->between_cv, r->consistency };
	memcpy(v, w, sizeof w);
}

/* The feature columns: features= (any columns, resolved as `features`
 * does), else the session's, else every column but the target, the split
 * column, the sensitive, prediction and decision columns. -1 on error. */
static int
feature_columns(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const struct cli_audit_req *req,
                size_t **cols, size_t *ncols)
{
	const char *spec = cli_opt(a, "features");
	const char **excl = malloc((s->nderived + s->groups->ncolumns + 4) * sizeof *excl);
	size_t nex = 0;
	fair_error err;
	int st;

	if (excl == NULL)
		return cli_error(ctx, a, "out of memory"), -1;
	excl[nex++] = s->target->column;
	if (s->split_column)
		excl[nex++] = s->split_column;
	for (size_t j = 0; j < s->groups->ncolumns; j++)
		excl[nex++] = s->groups->columns[j];
	for (size_t j = 0; j < s->nderived; j++)
		excl[nex++] = s->derived[j];
	if (req->pred)
		excl[nex++] = req->pred;
	if (req->score)
		excl[nex++] = req->score;
	if (spec == NULL && s->features != NULL) {
		free(excl);
		if ((*cols = malloc(s->nfeatures * sizeof **cols)) == NULL)
			return cli_error(ctx, a, "out of memory"), -1;
		memcpy(*cols, s->features, s->nfeatures * sizeof **cols);
		*ncols = s->nfeatures;
		return 0;
	}
	st = fair_features_resolve(s->frame, spec ? spec : "all", excl, nex, cols, ncols, &err);
	free(excl);
	if (st) {
		cli_ferror(ctx, a, &err);
		return -1;
	}
	return 0;
}

/* The default columns (none chosen): numeric ones with a missing value
 * among the rows are left out, with one note naming them (a column chosen
 * by name is an error instead). */
static int
drop_incomplete(struct cli_ctx *ctx, const fair_session *s, const size_t *rows, size_t nrows, size_t *cols,
                size_t *ncols)
{
	fair_buf names = FAIR_BUF_INIT;
	size_t kept = 0, dropped = 0;

	for (size_t j = 0; j < *ncols; j++) {
		const fair_column *c = fair_frame_column(s->frame, cols[j]);
		const double *v = fair_column_values(c);
		bool miss = false;
		for (size_t i = 0; v && !miss && i < nrows; i++)
			miss = isnan(v[rows[i]]);
		if (miss) {
			fair_buf_printf(&names, "%s%s", dropped++ ? ", " : "", fair_column_name(c));
			continue;
		}
		cols[kept++] = cols[j];
	}
	*ncols = kept;
	if (dropped)
		cli_note(ctx, "consistency leaves out %zu numeric column%s with missing values: %s", dropped,
		         dropped == 1 ? "" : "s", names.buf);
	fair_buf_release(&names);
	return 0;
}

/* CSV: one tidy table, the indices and then the groups' mean benefits */
static struct out_table *
tidy_table(const fair_indices *r, const fair_groups *grp, const char *dec)
{
	static const char *const cols[] = { "decisions", "kind", "name", "group", "n", "value" };
	struct out_table *t = out_table_new(NULL, 6, cols);
	double v[10];

	index_values(r, v);
	for (size_t i = 0; i < 10; i++) {
		if ((i >= 6 && i < 9 && !r->has_privileged) || (i == 9 && !r->has_consistency))
			continue;
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, dec);
		out_table_str(t, row, 1, "index");
		out_table_str(t, row, 2, index_names[i]);
		out_table_str(t, row, 3, i >= 6 && i < 9 ? grp->labels[grp->privileged] : "");
		out_table_int(t, row, 4, (long long)r->n);
		out_table_num(t, row, 5, v[i], 6);
	}
	for (size_t g = 0; g < r->K; g++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, dec);
		out_table_str(t, row, 1, "group");
		out_table_str(t, row, 2, "mean_benefit");
		out_table_str(t, row, 3, grp->labels[g]);
		out_table_int(t, row, 4, (long long)r->group_n[g]);
		out_table_num(t, row, 5, r->group_benefit[g], 4);
	}
	return t;
}

static cJSON *
indices_json(const fair_indices *r, const fair_groups *grp, const fair_session *s, const size_t *cols,
             size_t ncols, bool scale, const char *decisions, const char *on)
{
	cJSON *j = cJSON_CreateObject(), *ix = cJSON_CreateObject(), *g = cJSON_CreateArray();
	double v[10];

	cJSON_AddStringToObject(j, "decisions", decisions);
	cJSON_AddStringToObject(j, "on", on);
	cJSON_AddNumberToObject(j, "rows", (double)r->n);
	cJSON_AddNumberToObject(j, "alpha", r->alpha);
	cJSON_AddStringToObject(j, "benefit_class", s->target->favorable == FAIR_FAVORABLE_NEGATIVE ? "negative" : "positive");
	cJSON_AddNumberToObject(j, "mean_benefit", r->mean_benefit);
	if (r->has_privileged)
		cJSON_AddStringToObject(j, "privileged", grp->labels[grp->privileged]);
	else
		cJSON_AddNullToObject(j, "privileged");
	index_values(r, v);
	for (size_t k = 0; k < 10; k++)
		cJSON_AddItemToObject(ix, index_names[k], json_num(v[k]));
	cJSON_AddItemToObject(j, "indices", ix);
	for (size_t k = 0; k < r->K; k++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "group", grp->labels[k]);
		cJSON_AddNumberToObject(o, "n", (double)r->group_n[k]);
		cJSON_AddItemToObject(o, "mean_benefit", json_num(r->group_benefit[k]));
		cJSON_AddItemToArray(g, o);
	}
	cJSON_AddItemToObject(j, "groups", g);
	if (r->has_consistency) {
		cJSON *c = cJSON_CreateObject(), *f = cJSON_CreateArray();
		cJSON_AddNumberToObject(c, "n_neighbors", (double)r->n_neighbors);
		cJSON_AddBoolToObject(c, "scaled", scale);
		for (size_t k = 0; k < ncols; k++)
			cJSON_AddItemToArray(f, cJSON_CreateString(fair_column_name(fair_frame_column(s->frame, cols[k]))));
		cJSON_AddItemToObject(c, "features", f);
		cJSON_AddItemToObject(j, "consistency", c);
	}
	return j;
}

/* With scores: AIF360's generalized confusion matrix, per group and
 * overall (NULL @soft: none). */
static const char *const soft_names[4] = { "gtp", "gfp", "gtn", "gfn" };

static void
soft_values(const fair_soft_counts *c, double v[4])
{
	v[0] = c->gtp;
	v[1] = c->gfp;
	v[2] = c->gtn;
	v[3] = c->gfn;
}

static cJSON *
soft_json(const fair_soft_counts *soft, const fair_soft_counts *all, const fair_groups *grp)
{
	cJSON *o = cJSON_CreateObject(), *gs = cJSON_CreateArray(), *ov = cJSON_CreateObject();
	double v[4];

	soft_values(all, v);
	for (int k = 0; k < 4; k++)
		cJSON_AddItemToObject(ov, soft_names[k], json_num(v[k]));
	cJSON_AddItemToObject(o, "overall", ov);
	for (size_t g = 0; g < grp->K; g++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "group", grp->labels[g]);
		soft_values(&soft[g], v);
		for (int k = 0; k < 4; k++)
			cJSON_AddItemToObject(e, soft_names[k], json_num(v[k]));
		cJSON_AddItemToArray(gs, e);
	}
	cJSON_AddItemToObject(o, "groups", gs);
	return o;
}

static struct out_table *
soft_table(const fair_soft_counts *soft, const fair_soft_counts *all, const fair_groups *grp, const char *title,
           const char *dec)
{
	static const char *const cols[] = { "decisions", "group", "gtp", "gfp", "gtn", "gfn" };
	struct out_table *t = out_table_new(title, 6, cols);
	double v[4];

	for (size_t g = 0; t && g <= grp->K; g++) {
		size_t row = out_table_row(t);
		out_table_str(t, row, 0, dec);
		out_table_str(t, row, 1, g < grp->K ? grp->labels[g] : "overall");
		soft_values(g < grp->K ? &soft[g] : all, v);
		for (int k = 0; k < 4; k++)
			out_table_num(t, row, 2 + k, v[k], 4);
	}
	return t;
}

/* What the result is made of (cli_print_forms). */
struct ix_result {
	const fair_session *s;
	const struct cli_audit_req *req;
	const fair_indices *res;
	const fair_groups *grp;
	const size_t *cols;             /* consistency's feature columns */
	size_t ncols, k;                /* k: neighbours (0: no consistency) */
	bool scale;
	const char *dec;                /* the model's name, else the options that made the decisions */
	const fair_soft_counts *soft;   /* per group, or NULL: no generalized confusion matrix */
	const fair_soft_counts *soft_all;
};

static cJSON *
ix_json(void *arg)
{
	const struct ix_result *o = arg;
	cJSON *j = indices_json(o->res, o->grp, o->s, o->cols, o->ncols, o->scale, o->dec, cli_on_name(o->req->on));
	if (o->soft)
		cJSON_AddItemToObject(j, "generalized_confusion", soft_json(o->soft, o->soft_all, o->grp));
	return j;
}

static struct out_table *
ix_csv(void *arg)
{
	const struct ix_result *o = arg;
	const fair_groups *grp = o->grp;
	struct out_table *tt = tidy_table(o->res, grp, o->dec);
	for (size_t gi = 0; tt && o->soft && gi <= grp->K; gi++) {
		double sv[4];
		soft_values(gi < grp->K ? &o->soft[gi] : o->soft_all, sv);
		for (int kk = 0; kk < 4; kk++) {
			size_t row = out_table_row(tt);
			out_table_str(tt, row, 0, o->dec);
			out_table_str(tt, row, 1, "generalized_confusion");
			out_table_str(tt, row, 2, soft_names[kk]);
			out_table_str(tt, row, 3, gi < grp->K ? grp->labels[gi] : "");
			out_table_int(tt, row, 4, (long long)(gi < grp->K ? o->res->group_n[gi] : o->res->n));
			out_table_num(tt, row, 5, sv[kk], 6);
		}
	}
	return tt;
}

static void
ix_text(struct cli_ctx *ctx, const struct cli_args *a, void *arg)
{
	const struct ix_result *o = arg;
	const fair_session *s = o->s;
	const fair_indices *res = o->res;
	const fair_groups *grp = o->grp;
	char title[1200], lab[10][200];
	double v[10];
	static const char *const cols1[] = { "index", "value" };
	static const char *const cols2[] = { "group", "n", "mean_benefit" };
	snprintf(title, sizeof title,
	         "Inequality indices of %s%s on %s rows (%zu), target %s, groups by %s; "
	         "benefit b = 1 + decision - outcome (%s class favourable), mean %.4g:",
	         o->req->model ? "model " : "", o->dec, cli_on_name(o->req->on), res->n, s->target->column,
	         s->sensitive_spec ? s->sensitive_spec : "?",
	         s->target->favorable == FAIR_FAVORABLE_NEGATIVE ? "negative" : "positive", res->mean_benefit);
	index_values(res, v);
	snprintf(lab[0], sizeof lab[0], "generalized entropy index (alpha %g)", res->alpha);
	snprintf(lab[1], sizeof lab[1], "Theil index (alpha 1)");
	snprintf(lab[2], sizeof lab[2], "coefficient of variation");
	snprintf(lab[3], sizeof lab[3], "between all groups: generalized entropy (alpha %g)", res->alpha);
	snprintf(lab[4], sizeof lab[4], "between all groups: Theil");
	snprintf(lab[5], sizeof lab[5], "between all groups: coefficient of variation");
	const char *pv = res->has_privileged ? grp->labels[grp->privileged] : "none";
	snprintf(lab[6], sizeof lab[6], "privileged (%.60s) vs rest: generalized entropy (alpha %g)", pv, res->alpha);
	snprintf(lab[7], sizeof lab[7], "privileged (%.60s) vs rest: Theil", pv);
	snprintf(lab[8], sizeof lab[8], "privileged (%.60s) vs rest: coefficient of variation", pv);
	snprintf(lab[9], sizeof lab[9], "consistency (%zu neighbours, %zu feature column%s%s)", o->k, o->ncols,
	         o->ncols == 1 ? "" : "s", o->scale ? ", scaled" : "");
	struct out_table *t[2];
	t[0] = out_table_new(a->format == OUT_TABLE ? title : NULL, 2, cols1);
	for (size_t i = 0; i < 10; i++) {
		if ((i >= 6 && i < 9 && !res->has_privileged) || (i == 9 && !res->has_consistency))
			continue;
		size_t row = out_table_row(t[0]);
		out_table_str(t[0], row, 0, a->format == OUT_TABLE ? lab[i] : index_names[i]);
		out_table_num(t[0], row, 1, v[i], 6);
	}
	t[1] = out_table_new(a->format == OUT_TABLE ? "\nMean benefit by group:" : NULL, 3, cols2);
	for (size_t i = 0; i < res->K; i++) {
		size_t row = out_table_row(t[1]);
		out_table_str(t[1], row, 0, grp->labels[i]);
		out_table_int(t[1], row, 1, (long long)res->group_n[i]);
		out_table_num(t[1], row, 2, res->group_benefit[i], 4);
	}
	cli_print_tables(ctx, a, t, 2);
	if (o->soft) {
		struct out_table *gt = soft_table(o->soft, o->soft_all, grp, a->format == OUT_TABLE ?
		        "\nGeneralized confusion matrix (AIF360: each score a soft decision, weighted sums):" : NULL, o->dec);
		if (gt)
			cli_print_table(ctx, a, gt);
		out_table_free(gt);
	}
	if (a->format == OUT_TABLE && !res->has_privileged)
		cli_printf(ctx, "(no privileged group: set one with 'sensitive COLUMN privileged=VALUE' for the "
		       "privileged-vs-rest terms)\n");
}

static const struct cli_result_forms ix_forms = { ix_json, ix_csv, ix_text };

static enum cmd_retval
cmd_indices_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	struct cli_audit_req req;
	fair_report *rep = NULL;
	fair_groups *grp = NULL;
	fair_indices res;
	fair_indices_input in;
	fair_indices_opts o;
	fair_progress prog;
	fair_error err;
	size_t *rows = NULL, nrows = 0, *cols = NULL, ncols = 0, *used = NULL, nused = 0, k;
	double *yhat = NULL, *y = NULL, *p = NULL, *x = NULL, alpha, *sc = NULL, *ws = NULL, *su = NULL;
	fair_soft_counts *soft = NULL, soft_all;
	int32_t *g = NULL;
	char **poslist = NULL, *rule = NULL;
	bool scale;
	enum cmd_retval rv = CMD_ERROR;

	memset(&res, 0, sizeof res);
	if (s == NULL)
		return CMD_ERROR;
	memset(&req, 0, sizeof req);
	if (cli_parse_decision(ctx, a, &req, &poslist))
		return CMD_ERROR;
	if (cli_decision_one(ctx, a, &req))
		goto done;
	if (cli_parse_on(ctx, a, s, &req.on) || cli_opt_double(ctx, a, "alpha", 2.0, -1e6, 1e6, &alpha) ||
	    cli_opt_size(ctx, a, "neighbors", 5, 0, 100000, &k) || cli_opt_bool(ctx, a, "scale", false, &scale))
		goto done;
	if (s->target && s->target->task != FAIR_TASK_CLASSIFICATION) {
		cli_error(ctx, a, "the indices compare decisions with a binary target; '%s' is numeric", s->target->column);
		goto done;
	}
	if (a->npos && (req.model = cli_model(ctx, a, s, a->pos[0])) == NULL)
		goto done;
	req.rule_out = &rule;
	req.groups_out = &grp;
	req.yhat_out = &yhat;
	req.quiet = true;
	/* the audit reads the decisions and the groups exactly as `audit` does */
	rep = cli_audit_run(ctx, a, s, &req, &rows, &nrows, &sc);
	if (rep == NULL || yhat == NULL)
		goto done;
	used = malloc((nrows ? nrows : 1) * sizeof *used);
	y = malloc((nrows ? nrows : 1) * sizeof *y);
	p = malloc((nrows ? nrows : 1) * sizeof *p);
	g = malloc((nrows ? nrows : 1) * sizeof *g);
	su = malloc((nrows ? nrows : 1) * sizeof *su);
	ws = malloc((nrows ? nrows : 1) * sizeof *ws);
	if (used == NULL || y == NULL || p == NULL || g == NULL || su == NULL || ws == NULL) {
		cli_error(ctx, a, "out of memory");
		goto done;
	}
	/* the rows the audit counted: target, decision and group known */
	for (size_t i = 0; i < nrows; i++) {
		size_t r = rows[i];
		if (isnan(s->target->y[r]) || isnan(yhat[i]) || grp->group[r] < 0)
			continue;
		used[nused] = r;
		su[nused] = sc ? sc[i] : NAN;
		ws[nused] = fair_session_weights(s) ? fair_session_weights(s)[r] : 1.0;
		y[nused] = s->target->y[r];
		p[nused] = yhat[i];
		g[nused++] = grp->group[r];
	}
	if (k > 0) {
		if (feature_columns(ctx, a, s, &req, &cols, &ncols))
			goto done;
		if (cli_opt(a, "features") == NULL && s->features == NULL && drop_incomplete(ctx, s, used, nused, cols, &ncols))
			goto done;
		if (ncols == 0) {
			cli_error(ctx, a, "no feature columns left for consistency; name some with features= or give neighbors=0");
			goto done;
		}
		if (fair_indices_features(s->frame, cols, ncols, used, nused, scale, &x, &in.d, &err)) {
			cli_ferror(ctx, a, &err);
			goto done;
		}
	}
	in.n = nused;
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = grp->K;
	in.privileged = grp->privileged;
	in.favorable = s->target->favorable;
	in.x = k > 0 ? x : NULL;
	fair_indices_opts_init(&o);
	o.alpha = alpha;
	o.n_neighbors = k;
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;        /* Ctrl-C cancels the neighbour search */
	int st = fair_indices_compute(&in, &o, &res, &err);
	cli_fg_progress = NULL;
	if (st) {
		cli_ferror(ctx, a, &err);
		goto done;
	}
	/* scores that are probabilities: the generalized confusion matrix */
	if (rep->has_score && sc != NULL) {
		if ((soft = malloc(grp->K * sizeof *soft)) == NULL) {
			cli_error(ctx, a, "out of memory");
			goto done;
		}
		if (fair_soft_confusion(y, su, ws, g, nused, grp->K, soft, &soft_all, &err)) {
			cli_note(ctx, "no generalized confusion matrix: %s", err.msg);
			free(soft);
			soft = NULL;
		}
	}
	const char *label = req.model ? fair_model_name(req.model) : rule;
	char dec[400];
	if (req.model)
		snprintf(dec, sizeof dec, "%s", label);
	else
		cli_decision_name(&req, dec, sizeof dec);
	struct ix_result out = { s, &req, &res, grp, cols, ncols, k, scale, dec, soft, &soft_all };
	cli_print_forms(ctx, a, &ix_forms, &out);
	rv = CMD_OK;
done:
	free(soft);
	free(sc);
	free(su);
	free(ws);
	fair_indices_release(&res);
	fair_report_free(rep);
	fair_groups_free(grp);
	free(rule);
	free(rows);
	free(yhat);
	free(used);
	free(y);
	free(p);
	free(g);
	free(x);
	free(cols);
	cli_list_free(poslist, req.npositive);
	return rv;
}
