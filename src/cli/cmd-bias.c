/* cmd-bias.c -- `bias [MODEL | pred=COLUMN | score=COLUMN threshold=T]`:
 * Aequitas's bias report. Each sensitive attribute is audited on its own
 * (not their intersection), each against its own reference group, and
 * every figure asked for is reported per group as a value, a disparity
 * (ratio to the reference) and a parity flag at the fairness limit, with
 * the composite parities and the fairness tree's guidance. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/disparity.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"
#include "json/disparity.h"
#include "json/json.h"
#include "out/disparity.h"
#include "out/out.h"

static enum cmd_retval cmd_bias_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt bias_opts[] = {
	CLI_DECISION_OPTS,
	CMD_OPT_ON,
	{ "by", OPT_LIST, NULL, "COLUMN[,COLUMN...]",
	  "the attributes, each audited on its own (default: the columns of 'sensitive')" },
	{ "reference", OPT_STRING, NULL, "GROUP|largest|min_metric|COLUMN:GROUP[,COLUMN:GROUP...]",
	  "reference group of each attribute (default: the one of 'sensitive', the privileged group, else the largest)" },
	{ "disparity", OPT_STRING, NULL, "FIGURE[,FIGURE...]|all|aequitas",
	  "the figures compared (default aequitas: fpr, fnr, for, fdr, ppr, pprev)" },
	{ "limit", OPT_DOUBLE, NULL, "TAU", "parity when TAU <= ratio <= 1/TAU (default: set fairness.limit, 0.8)" },
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_bias_entry = {
	.name = "bias", .min_args = 0, .max_args = 1, .opts = bias_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[MODEL | {pred} [{positive}] [{score}] | {score} {threshold} [{direction}]]",
	.help = "Aequitas bias report: each attribute against its reference group, disparities and parity flags",
	.exec = cmd_bias_exec,
};

/* One audited attribute. */
struct attr {
	char *column;
	fair_groups *groups;      /* built here, or NULL for the session's own */
	fair_report *r;
	fair_disparity *d;
};

/* The reference of @column from reference= (a mode, a group, or
 * COLUMN:GROUP pairs), else from `sensitive ... reference=` when that
 * attribute is the session's; NULL = the default. @buf holds the copy. */
static const char *
reference_of(const fair_session *s, const char *opt, const char *column, bool own, char *buf, size_t size)
{
	if (opt != NULL) {
		size_t cl = strlen(column);
		if (strchr(opt, ':') == NULL) {
			snprintf(buf, size, "%s", opt);
			return buf;
		}
		/* "race:Caucasian,sex:Male": the value runs to the next ',' */
		for (const char *p = opt; *p;) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len > cl && !strncmp(p, column, cl) && p[cl] == ':') {
				snprintf(buf, size, "%.*s", (int)(len - cl - 1), p + cl + 1);
				return buf;
			}
			p += len + (e != NULL);
		}
		return NULL;
	}
	return own ? cli_sensitive_reference(s, buf, size) : NULL;
}

static void
attrs_free(struct attr *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].column);
		fair_groups_free(v[i].groups);
		fair_report_free(v[i].r);
		fair_disparity_free(v[i].d);
	}
	free(v);
}

static cJSON *
groups_json(const fair_report *r, const fair_disparity *d)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t k = 0; k < r->K; k++) {
		const fair_group_figures *g = &r->groups[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "group", g->label);
		cJSON_AddNumberToObject(o, "n", (double)g->rows);
		cJSON_AddNumberToObject(o, "group_size", g->n);
		cJSON_AddNumberToObject(o, "pp", g->pred_pos);
		cJSON_AddNumberToObject(o, "pn", g->pred_neg);
		cJSON_AddNumberToObject(o, "tp", g->tp);
		cJSON_AddNumberToObject(o, "fp", g->fp);
		cJSON_AddNumberToObject(o, "tn", g->tn);
		cJSON_AddNumberToObject(o, "fn", g->fn);
		cJSON_AddNumberToObject(o, "group_label_pos", g->pos);
		cJSON_AddNumberToObject(o, "group_label_neg", g->neg);
		for (size_t i = 0; i < d->nfig; i++)
			cJSON_AddItemToObject(o, fair_figure_info_get(d->figs[i].fig)->name, json_num(g->fig[d->figs[i].fig]));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void
print_text(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const char *what,
           const struct attr *v, size_t n, double limit)
{
	char title[1200];
	fair_buf tree = FAIR_BUF_INIT;

	snprintf(title, sizeof title, "Bias report of %s, target %s, fairness limit %g (parity: %g <= ratio <= %.4g)",
	         what, s->target->column, limit, limit, 1 / limit);
	cli_printf(ctx, "%s\n", title);
	for (size_t i = 0; i < n; i++) {
		const fair_report *r = v[i].r;
		const fair_disparity *d = v[i].d;
		char ref[600];
		if (d->ref_mode == FAIR_REF_MIN_METRIC)
			snprintf(ref, sizeof ref, "per figure the group with the lowest value");
		else
			snprintf(ref, sizeof ref, "%s group '%s'", d->ref_mode == FAIR_REF_LARGEST ? "the largest" : "the",
			         r->groups[d->figs[0].ref].label);
		snprintf(title, sizeof title, "\nAttribute %s (%zu rows; reference: %s):", v[i].column, r->rows_used, ref);
		struct out_table *t[4] = {
			out_disparity_groups(r, d, OUT_DISP_VALUE, title),
			out_disparity_groups(r, d, OUT_DISP_RATIO, "Disparity (ratio to the reference; * out of parity):"),
			out_disparity_parity(r, d, "Parity:"),
			out_disparity_spread(r, d, "Between the groups:"),
		};
		cli_print_tables(ctx, a, t, 4);
		if (r->task != FAIR_TASK_CLASSIFICATION)
			continue;
		fair_buf_puts(&tree, i ? "\n" : "");
		fair_buf_printf(&tree, "%s:\n", v[i].column);
		cli_fairness_tree_text(r, d, &tree);
	}
	if (a->format == OUT_TABLE && tree.len) {
		cli_printf(ctx, "\nWhich disparity matters (the fairness tree):\n");
		out_put_escaped_lines(cli_out(ctx), tree.buf);   /* labels escaped already */
	}
	fair_buf_release(&tree);
}

/* What the result is made of (cli_print_forms). */
struct bias_result {
	const fair_session *s;
	const struct cli_audit_req *req;
	const struct attr *v;
	size_t n;
	double limit;
	const char *what;   /* the model's name, else the rule */
	const char *pl;     /* without a model: the options that made the decisions */
};

static cJSON *
bias_json(void *arg)
{
	const struct bias_result *b = arg;
	const fair_session *s = b->s;
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray(), *t = cJSON_CreateObject(),
	      *fa = cJSON_CreateArray();
	int tf[2];
	const char *why;
	size_t nt = fair_fairness_tree(s->target->favorable, tf, &why);
	cJSON_AddStringToObject(j, b->req->model ? "model" : "decisions", b->req->model ? b->what : b->pl);
	cJSON_AddStringToObject(j, "target", s->target->column);
	cJSON_AddStringToObject(j, "on", cli_on_name(b->req->on));
	cJSON_AddItemToObject(j, "limit", json_num(b->limit));
	for (size_t i = 0; i < b->n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "attribute", b->v[i].column);
		cJSON_AddNumberToObject(o, "rows", (double)b->v[i].r->rows_used);
		cJSON_AddItemToObject(o, "groups", groups_json(b->v[i].r, b->v[i].d));
		cJSON_AddItemToObject(o, "disparities", json_from_disparity(b->v[i].r, b->v[i].d));
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_AddItemToObject(j, "attributes", arr);
	if (s->target->task != FAIR_TASK_CLASSIFICATION)
		nt = 0;
	cJSON_AddStringToObject(t, "favorable", s->target->favorable ? fair_favorable_name(s->target->favorable)
	                                                            : "unset");
	for (size_t i = 0; i < nt; i++)
		cJSON_AddItemToArray(fa, cJSON_CreateString(fair_figure_info_get(tf[i])->name));
	cJSON_AddItemToObject(t, "figures", fa);
	cJSON_AddStringToObject(t, "text", why);
	if (nt > 0)   /* the tree is about decisions: none for a numeric target */
		cJSON_AddItemToObject(j, "fairness_tree", t);
	else
		cJSON_Delete(t);
	return j;
}

static struct out_table *
bias_csv(void *arg)
{
	const struct bias_result *b = arg;
	struct out_table *t = NULL;
	for (size_t i = 0; i < b->n; i++)
		t = out_disparity_wide(t, b->v[i].column, b->v[i].r, b->v[i].d);
	return t;
}

static void
bias_text(struct cli_ctx *ctx, const struct cli_args *a, void *arg)
{
	const struct bias_result *b = arg;
	char what[600];
	snprintf(what, sizeof what, "%s%s on %s rows",
	         b->req->model ? "model " : b->req->pred ? "prediction column " : "decisions ", b->what,
	         cli_on_name(b->req->on));
	print_text(ctx, a, b->s, what, b->v, b->n, b->limit);
}

static const struct cli_result_forms bias_forms = { bias_json, bias_csv, bias_text };

static enum cmd_retval
cmd_bias_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	struct cli_audit_req req;
	enum cmd_retval rv = CMD_ERROR;
	char **poslist = NULL, **cols = NULL, *rule = NULL, pl[300], buf[600];
	size_t ncols = 0, nfigs = 0, n = 0;
	int *figs = NULL;
	double limit;
	struct attr *v = NULL;
	fair_error err;

	if (s == NULL)
		return CMD_ERROR;
	memset(&req, 0, sizeof req);
	if (cli_parse_decision(ctx, a, &req, &poslist))
		return CMD_ERROR;
	if (cli_decision_one(ctx, a, &req))
		goto done;
	if (cli_parse_on(ctx, a, s, &req.on) || cli_opt_double(ctx, a, "limit", NAN, 1e-9, 1, &limit))
		goto done;
	if (s->target == NULL) {
		cli_error(ctx, a, "no target set (use 'target COLUMN')");
		goto done;
	}
	if (s->target->task == FAIR_TASK_REGRESSION && !cli_opt(a, "disparity")) {
		cli_error(ctx, a, "the target is numeric: name the figures with disparity= (e.g. disparity=mse,mean_prediction)");
		goto done;
	}
	if (cli_disparity_figs(ctx, a, cli_opt(a, "disparity") ? cli_opt(a, "disparity") : "aequitas",
	                       s->target->task, &figs, &nfigs))
		goto done;
	if (cli_opt(a, "by")) {
		if ((cols = cli_split_list(cli_opt(a, "by"), ',', &ncols)) == NULL || ncols == 0) {
			cli_error(ctx, a, "by= needs a column");
			goto done;
		}
	} else if (s->groups != NULL) {
		ncols = s->groups->ncolumns;
		if ((cols = calloc(ncols, sizeof *cols)) == NULL) {
			cli_error(ctx, a, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < ncols; i++)
			cols[i] = strdup(s->groups->columns[i]);
	} else {
		cli_error(ctx, a, "no sensitive attribute set (use 'sensitive COLUMN' or by=COLUMN[,COLUMN...])");
		goto done;
	}
	if ((v = calloc(ncols, sizeof *v)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto done;
	}
	if (a->npos && (req.model = cli_model(ctx, a, s, a->pos[0])) == NULL)
		goto done;
	/* Aequitas's rules for empty denominators are fairsh's own (NaN) */
	req.convention_set = true;
	req.convention = FAIR_CONV_STRICT;
	req.rule_out = &rule;
	/* the audit's metric warnings are about metrics this report does not
	 * show; an undefined figure shows as n/a and its parity as NA */
	req.quiet = true;
	for (size_t i = 0; i < ncols; i++, n++) {
		struct attr *at = &v[i];
		bool own = s->groups != NULL && s->groups->ncolumns == 1 && !strcmp(s->groups->columns[0], cols[i]);
		if ((at->column = strdup(cols[i])) == NULL) {
			cli_error(ctx, a, "out of memory");
			goto done;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cols[j], cols[i])) {
				cli_error(ctx, a, "attribute '%s' is listed twice in by=", cols[i]);
				goto done;
			}
		if (!own) {
			const char *c1[1] = { cols[i] };
			if (fair_groups_build(s->frame, c1, 1, NAN, NULL, &at->groups, &err)) {
				cli_ferror(ctx, a, &err);
				goto done;
			}
		}
		req.groups = own ? s->groups : at->groups;
		free(rule);
		rule = NULL;
		if ((at->r = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL)
			goto done;
		const char *ref = reference_of(s, cli_opt(a, "reference"), cols[i], own, buf, sizeof buf);
		if (cli_opt(a, "reference") && strchr(cli_opt(a, "reference"), ':') && ref == NULL) {
			cli_error(ctx, a, "reference= names no group for attribute '%s' (give %s:GROUP)", cols[i], cols[i]);
			goto done;
		}
		fair_disparity_opts o;
		if (cli_disparity_opts(ctx, a, at->r, ref, limit, &o))
			goto done;
		if ((at->d = fair_disparity_compute(at->r, figs, nfigs, &o, &err)) == NULL) {
			cli_ferror(ctx, a, &err);
			goto done;
		}
	}
	const char *what = req.model ? fair_model_name(req.model) : rule;
	if (!req.model)
		cli_decision_name(&req, pl, sizeof pl);
	struct bias_result res = { s, &req, v, n, isnan(limit) ? ctx->set.fairness_limit : limit, what, pl };
	cli_print_forms(ctx, a, &bias_forms, &res);
	rv = CMD_OK;
done:
	attrs_free(v, ncols);
	cli_list_free(cols, ncols);
	free(figs);
	free(rule);
	cli_list_free(poslist, req.npositive);
	return rv;
}
