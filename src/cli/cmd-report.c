/* cmd-report.c -- `report FILE.md|FILE.html|FILE.json [MODEL ...]`: a
 * complete audit report of the current session: dataset summary, set-up,
 * each model's audit with bootstrap intervals, a comparison table, the
 * plain-language verdicts and plots (PNG files beside the report, embedded
 * as data URIs in HTML, which is one self-contained printable file). */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/jobs.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"
#include "json/json.h"
#include "json/report.h"
#include "json/session.h"
#include "out/report.h"
#include "plot/plot.h"

enum { REP_MD, REP_HTML, REP_JSON };

struct rep_model {
	fair_model  *m;
	fair_report *r;
	char        *verdicts;
	char        *png[2];      /* dist, rates: file paths, NULL when not drawn */
	char        *png_name[2]; /* the file names (relative links) */
	char         plot_msg[700];
	struct out_table *imp;    /* feature importance (learners that have it), or NULL */
};

/* The features of largest gain a report shows. */
#define REPORT_TOP_FEATURES 15

static char *
importance_note(const fair_session *s)
{
	fair_buf b = FAIR_BUF_INIT;

	fair_buf_printf(&b, "Largest share of the total gain (XGBoost's gain per split summed over the trees) first; "
	                "eta: the feature's association with ");
	for (size_t c = 0; c < s->groups->ncolumns; c++)
		fair_buf_printf(&b, "%s%s", c ? "+" : "", s->groups->columns[c]);
	fair_buf_printf(&b, " on the training rows (correlation ratio, 0 to 1); a proxy has eta >= %g.", FAIR_PROXY_ETA);
	return fair_buf_detach(&b);
}

static const char *const plot_kinds[2] = { "dist", "rates" };

/* ---- plots ------------------------------------------------------------------- */

static void
draw_plots(struct cli_ctx *ctx, const struct cli_args *a, const char *base, struct rep_model *rm, int on)
{
	char gp[4096], msg[600], safe[128];
	size_t k = 0;
	const char *name = fair_model_name(rm->m);

	if (plot_find_gnuplot(ctx->set.plot_gnuplot, getenv("FAIRSH_GNUPLOT"), getenv("PATH"), gp, sizeof gp,
	                      msg, sizeof msg) < 0) {
		snprintf(rm->plot_msg, sizeof rm->plot_msg, "plots not drawn: %s", msg);
		return;
	}
	for (const char *p = name; *p && k + 1 < sizeof safe; p++)
		safe[k++] = isalnum((unsigned char)*p) || *p == '-' || *p == '_' ? *p : '_';
	safe[k] = '\0';
	for (int i = 0; i < 2; i++) {
		fair_buf path = FAIR_BUF_INIT;
		char *pos[2], *key[2], *val[2], onv[16];
		struct cli_args pa;
		fair_buf_printf(&path, "%s-%s-%s.png", base, safe, plot_kinds[i]);
		memset(&pa, 0, sizeof pa);
		pa.entry = &cmd_plot_entry;
		pos[0] = (char *)plot_kinds[i];
		pos[1] = (char *)name;
		key[0] = (char *)"to";
		val[0] = path.buf;
		key[1] = (char *)"on";
		snprintf(onv, sizeof onv, "%s", cli_on_name(on));
		val[1] = onv;
		pa.pos = pos;
		pa.npos = 2;
		pa.key = key;
		pa.val = val;
		pa.nopt = 2;
		pa.format = a->format;
		if (cmd_plot_entry.exec(ctx, &pa) == CMD_OK) {
			const char *slash = strrchr(path.buf, '/');
			rm->png_name[i] = strdup(slash ? slash + 1 : path.buf);
			rm->png[i] = fair_buf_detach(&path);
		} else {
			snprintf(rm->plot_msg, sizeof rm->plot_msg, "plot %s not drawn: gnuplot failed (see the message above)",
			         plot_kinds[i]);
			fair_buf_release(&path);
		}
	}
}

/* ---- shared pieces ------------------------------------------------------------ */

static struct out_table *
compare_table(const fair_session *s, struct rep_model *rm, size_t n)
{
	int task = s->target->task, ids[16];
	size_t nm = fair_metric_count(task), nc = 0;
	const char *cols[20];
	struct out_table *t;

	cols[nc++] = "model";
	cols[nc++] = task == FAIR_TASK_REGRESSION ? "mse" : "accuracy";
	for (size_t k = 0; k < nm && k < 16; k++) {
		ids[k] = fair_metric_id(task, k);
		cols[nc++] = fair_metric_info_get(ids[k])->name;
	}
	t = out_table_new(NULL, nc, cols);
	for (size_t i = 0; i < n; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, fair_model_name(rm[i].m));
		out_table_num(t, r, 1, rm[i].r->overall.fig[task == FAIR_TASK_REGRESSION ? FAIR_FIG_MSE : FAIR_FIG_ACCURACY], 4);
		for (size_t k = 0; k < nm && k < 16; k++)
			out_table_num(t, r, 2 + k, rm[i].r->metrics[ids[k]].value, 4);
	}
	return t;
}

static void
split_counts(const fair_session *s, size_t c[4])
{
	c[0] = c[1] = c[2] = c[3] = 0;
	if (s->split)
		for (size_t i = 0; i < fair_frame_nrows(s->frame); i++)
			c[s->split[i] < 4 ? s->split[i] : 3]++;
}

/* Dataset summary and set-up as (label, value) pairs. */
static struct out_table *
summary_table(const fair_session *s)
{
	static const char *const cols[] = { "item", "value" };
	struct out_table *t = out_table_new(NULL, 2, cols);
	fair_buf b = FAIR_BUF_INIT;
	size_t c[4], r;

#define ROW(label, ...) do { fair_buf_reset(&b); fair_buf_printf(&b, __VA_ARGS__); \
	r = out_table_row(t); out_table_str(t, r, 0, label); out_table_str(t, r, 1, b.buf); } while (0)
	ROW("session", "%s", s->name);
	ROW("source", "%s", s->source ? s->source : "");
	if (s->nfilters)
		ROW("rows", "%zu (%zu kept by the filters)", fair_frame_nrows(s->frame), fair_session_nkept(s));
	else
		ROW("rows", "%zu", fair_frame_nrows(s->frame));
	ROW("columns", "%zu", fair_frame_ncols(s->frame));
	if (s->target && s->target->task == FAIR_TASK_CLASSIFICATION)
		ROW("target", "%s: positive = %s (%zu), negative = %s (%zu)", s->target->column, s->target->positive_label,
		    s->target->npos, s->target->negative_label, s->target->nneg);
	else if (s->target)
		ROW("target", "%s: regression", s->target->column);
	if (s->groups) {
		size_t *cnt = calloc(s->groups->K, sizeof *cnt);
		fair_buf_reset(&b);
		if (cnt)
			fair_groups_count(s->groups, s->keep, cnt);
		for (size_t k = 0; k < s->groups->K; k++)
			fair_buf_printf(&b, "%s%s (%zu)", k ? ", " : "", s->groups->labels[k], cnt ? cnt[k] : 0);
		free(cnt);
		r = out_table_row(t);
		out_table_str(t, r, 0, "groups");
		out_table_str(t, r, 1, b.buf);
	}
	split_counts(s, c);
	if (s->split)
		ROW("split", "%zu train, %zu test%s", c[0], c[1], c[2] ? ", calibration rows set aside" : "");
	ROW("set-up: target", "%s", s->target_spec ? s->target_spec : "(not set)");
	ROW("set-up: sensitive", "%s", s->sensitive_spec ? s->sensitive_spec : "(not set)");
	ROW("set-up: features", "%s", s->features_spec ? s->features_spec : "all");
	fair_buf_reset(&b);
	for (size_t i = 0; i < s->nfilters; i++)
		fair_buf_printf(&b, "%s%s", i ? " AND " : "", fair_filter_text(s->filters[i]));
	r = out_table_row(t);
	out_table_str(t, r, 0, "set-up: filters");
	out_table_str(t, r, 1, s->nfilters ? b.buf : "none");
	ROW("set-up: split", "%s", s->split_spec ? s->split_spec : "none");
	for (size_t i = 0; i < s->nmodels; i++) {
		fair_buf_reset(&b);
		fair_buf_printf(&b, "model %s", fair_model_name(s->models[i]));
		r = out_table_row(t);
		out_table_str(t, r, 0, b.buf);
		out_table_str(t, r, 1, fair_model_desc(s->models[i]));
	}
#undef ROW
	fair_buf_release(&b);
	return t;
}

/* ---- Markdown ------------------------------------------------------------------ */

static void
write_md(FILE *fp, struct cli_ctx *ctx, const fair_session *s, struct rep_model *rm, size_t n, int on, size_t B)
{
	struct out_table *t = summary_table(s);

	fprintf(fp, "# Fairness audit report: session %s\n\n", s->name);
	fprintf(fp, "Audited on the %s rows; intervals are %zu-resample bootstrap 95%% intervals; convention %s; "
	        "written by %s.\n\n", cli_on_name(on), B, fair_convention_name(ctx->set.convention), PACKAGE_STRING);
	fprintf(fp, "## Dataset and set-up\n\n");
	out_table_print_markdown(fp, t);
	out_table_free(t);
	fprintf(fp, "\n## Comparison\n\n");
	t = compare_table(s, rm, n);
	out_table_print_markdown(fp, t);
	out_table_free(t);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "\n## Model %s\n\n%s\n\n### Per group\n\n", fair_model_name(rm[i].m), fair_model_desc(rm[i].m));
		t = out_report_groups(rm[i].r, NULL);
		out_table_print_markdown(fp, t);
		out_table_free(t);
		fprintf(fp, "\n### Fairness metrics\n\n");
		t = out_report_metrics(rm[i].r, NULL);
		out_table_print_markdown(fp, t);
		out_table_free(t);
		fprintf(fp, "\n### In plain words\n\n");
		for (const char *p = rm[i].verdicts; p && *p;) {
			size_t l = strcspn(p, "\n");
			if (l)
				fprintf(fp, "- %.*s\n", (int)l, p);
			p += l + (p[l] == '\n');
		}
		if (rm[i].imp) {
			char *note = importance_note(s);
			fprintf(fp, "\n### Feature importance\n\n%s\n\n", note);
			out_table_print_markdown(fp, rm[i].imp);
			free(note);
		}
		fprintf(fp, "\n### Plots\n\n");
		for (int k = 0; k < 2; k++)
			if (rm[i].png_name[k])
				fprintf(fp, "![%s of %s](%s)\n\n", plot_kinds[k], fair_model_name(rm[i].m), rm[i].png_name[k]);
		if (rm[i].plot_msg[0])
			fprintf(fp, "(%s)\n\n", rm[i].plot_msg);
	}
}

/* ---- HTML ---------------------------------------------------------------------- */

static void
html_text(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
html_table(FILE *fp, const struct out_table *t, const char *cls)
{
	fprintf(fp, "<div class=\"scroll\"><table class=\"%s\">\n<thead><tr>", cls);
	for (size_t j = 0; j < t->ncols; j++) {
		fputs("<th>", fp);
		for (const char *c = t->cols[j]; *c; c++) {   /* long metric names may wrap after '_' */
			char ch[2] = { *c, '\0' };
			html_text(fp, ch);
			if (*c == '_')
				fputs("<wbr>", fp);
		}
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct out_cell *c = &t->cells[i * t->ncols + j];
			fputs(t->right && t->right[j] ? "<td class=\"num\">" : "<td>", fp);
			html_text(fp, c->text ? c->text : "");
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
}

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;"
	"padding:0 1em;color:#1b1b1b;line-height:1.45}\n"
	"h1{font-size:1.7em;border-bottom:2px solid #345;padding-bottom:.3em}h2{margin-top:2em;color:#234}\n"
	"table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}\n"
	"th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}\n"
	"th{background:#e8eef4}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#f6f8fa}\n"
	".scroll{overflow-x:auto}.verdicts li{margin:.3em 0}.note{color:#555;font-size:.9em}\n"
	"figure{display:inline-block;margin:.5em 1em .5em 0}img{max-width:100%;border:1px solid #ccc}\n"
	"section.model{page-break-before:always}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}h2{page-break-after:avoid}"
	"table,figure{page-break-inside:avoid}.scroll{overflow:visible}a{color:inherit;text-decoration:none}}\n";

static void
html_image(FILE *fp, const char *path, const char *alt)
{
	FILE *in = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, k;
	char *enc;

	if (in == NULL)
		return;
	for (;;) {
		if (len + 65536 > cap) {
			unsigned char *nd = realloc(data, cap = 2 * cap + 65536);
			if (nd == NULL)
				break;
			data = nd;
		}
		if ((k = fread(data + len, 1, 65536, in)) == 0)
			break;
		len += k;
	}
	fclose(in);
	enc = data ? json_base64(data, len) : NULL;
	free(data);
	if (enc == NULL)
		return;
	fprintf(fp, "<figure><img alt=\"");
	html_text(fp, alt);
	fprintf(fp, "\" src=\"data:image/png;base64,%s\"><figcaption class=\"note\">", enc);
	html_text(fp, alt);
	fputs("</figcaption></figure>\n", fp);
	free(enc);
}

static void
write_html(FILE *fp, struct cli_ctx *ctx, const fair_session *s, struct rep_model *rm, size_t n, int on, size_t B)
{
	struct out_table *t = summary_table(s);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Fairness audit: ", fp);
	html_text(fp, s->name);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Fairness audit report: session ", html_style);
	html_text(fp, s->name);
	fprintf(fp, "</h1>\n<p class=\"note\">Audited on the %s rows; intervals are %zu-resample bootstrap 95%% intervals; "
	        "convention %s; written by %s.</p>\n", cli_on_name(on), B, fair_convention_name(ctx->set.convention),
	        PACKAGE_STRING);
	fputs("<h2>Dataset and set-up</h2>\n", fp);
	html_table(fp, t, "summary");
	out_table_free(t);
	fputs("<h2>Comparison</h2>\n", fp);
	t = compare_table(s, rm, n);
	html_table(fp, t, "comparison");
	out_table_free(t);
	for (size_t i = 0; i < n; i++) {
		fputs("<section class=\"model\">\n<h2>Model ", fp);
		html_text(fp, fair_model_name(rm[i].m));
		fputs("</h2>\n<p class=\"note\">", fp);
		html_text(fp, fair_model_desc(rm[i].m));
		fputs("</p>\n<h3>Per group</h3>\n", fp);
		t = out_report_groups(rm[i].r, NULL);
		html_table(fp, t, "groups");
		out_table_free(t);
		fputs("<h3>Fairness metrics</h3>\n", fp);
		t = out_report_metrics(rm[i].r, NULL);
		html_table(fp, t, "metrics");
		out_table_free(t);
		fputs("<h3>In plain words</h3>\n<ul class=\"verdicts\">\n", fp);
		for (const char *p = rm[i].verdicts; p && *p;) {
			size_t l = strcspn(p, "\n");
			if (l) {
				char *line = strndup(p, l);
				fputs("<li>", fp);
				html_text(fp, line);
				fputs("</li>\n", fp);
				free(line);
			}
			p += l + (p[l] == '\n');
		}
		fputs("</ul>\n", fp);
		if (rm[i].imp) {
			char *note = importance_note(s);
			fputs("<h3>Feature importance</h3>\n<p class=\"note\">", fp);
			html_text(fp, note);
			fputs("</p>\n", fp);
			html_table(fp, rm[i].imp, "importance");
			free(note);
		}
		fputs("<h3>Plots</h3>\n", fp);
		for (int k = 0; k < 2; k++)
			if (rm[i].png[k]) {
				char alt[300];
				snprintf(alt, sizeof alt, "%s of model %s", plot_kinds[k], fair_model_name(rm[i].m));
				html_image(fp, rm[i].png[k], alt);
			}
		if (rm[i].plot_msg[0]) {
			fputs("<p class=\"note\">", fp);
			html_text(fp, rm[i].plot_msg);
			fputs("</p>\n", fp);
		}
		fputs("</section>\n", fp);
	}
	fputs("</body>\n</html>\n", fp);
}

/* ---- JSON ---------------------------------------------------------------------- */

static void
write_json(FILE *fp, struct cli_ctx *ctx, const fair_session *s, struct rep_model *rm, size_t n, int on, size_t B)
{
	cJSON *root = cJSON_CreateObject(), *ds, *su, *arr;
	struct out_table *t;
	size_t c[4];

	cJSON_AddStringToObject(root, "format", "fairsh-report");
	cJSON_AddNumberToObject(root, "version", 1);
	cJSON_AddStringToObject(root, "written_by", PACKAGE_STRING);
	cJSON_AddStringToObject(root, "on", cli_on_name(on));
	cJSON_AddNumberToObject(root, "bootstrap", (double)B);
	cJSON_AddStringToObject(root, "convention", fair_convention_name(ctx->set.convention));
	ds = cJSON_AddObjectToObject(root, "dataset");
	cJSON_AddStringToObject(ds, "session", s->name);
	cJSON_AddStringToObject(ds, "source", s->source ? s->source : "");
	cJSON_AddNumberToObject(ds, "rows", (double)fair_frame_nrows(s->frame));
	cJSON_AddNumberToObject(ds, "kept", (double)fair_session_nkept(s));
	cJSON_AddNumberToObject(ds, "columns", (double)fair_frame_ncols(s->frame));
	split_counts(s, c);
	if (s->split) {
		cJSON *sp = cJSON_AddObjectToObject(ds, "split");
		cJSON_AddNumberToObject(sp, "train", (double)c[0]);
		cJSON_AddNumberToObject(sp, "test", (double)c[1]);
		cJSON_AddNumberToObject(sp, "calib", (double)c[2]);
	}
	su = cJSON_AddObjectToObject(root, "setup");
	cJSON_AddItemToObject(su, "target", s->target_spec ? cJSON_CreateString(s->target_spec) : cJSON_CreateNull());
	cJSON_AddItemToObject(su, "sensitive", s->sensitive_spec ? cJSON_CreateString(s->sensitive_spec) : cJSON_CreateNull());
	cJSON_AddStringToObject(su, "features", s->features_spec ? s->features_spec : "all");
	arr = cJSON_AddArrayToObject(su, "filters");
	for (size_t i = 0; i < s->nfilters; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(fair_filter_text(s->filters[i])));
	cJSON_AddItemToObject(su, "split", s->split_spec ? cJSON_CreateString(s->split_spec) : cJSON_CreateNull());
	arr = cJSON_AddArrayToObject(root, "audits");
	for (size_t i = 0; i < n; i++) {
		cJSON *a = json_from_report(rm[i].r, fair_model_name(rm[i].m), (const char *const *)s->groups->columns,
		                            s->groups->ncolumns, cli_on_name(on)), *pl, *vl;
		cJSON_AddStringToObject(a, "description", fair_model_desc(rm[i].m));
		vl = cJSON_AddArrayToObject(a, "verdicts");
		for (const char *p = rm[i].verdicts; p && *p;) {
			size_t l = strcspn(p, "\n");
			if (l) {
				char *line = strndup(p, l);
				cJSON_AddItemToArray(vl, cJSON_CreateString(line));
				free(line);
			}
			p += l + (p[l] == '\n');
		}
		if (rm[i].imp) {
			cJSON_AddItemToObject(a, "importance", json_from_table(rm[i].imp));
			cJSON_AddNumberToObject(a, "proxy_eta", FAIR_PROXY_ETA);
		}
		pl = cJSON_AddObjectToObject(a, "plots");
		for (int k = 0; k < 2; k++)
			cJSON_AddItemToObject(pl, plot_kinds[k], rm[i].png_name[k] ? cJSON_CreateString(rm[i].png_name[k]) : cJSON_CreateNull());
		cJSON_AddItemToArray(arr, a);
	}
	t = compare_table(s, rm, n);
	cJSON_AddItemToObject(root, "comparison", json_from_table(t));
	out_table_free(t);
	json_print(fp, root);
	cJSON_Delete(root);
}

/* ---- the command ------------------------------------------------------------------ */

static const struct cmd_opt report_opts[] = {
	{ "ci", OPT_INT, NULL, "bootstrap resamples for the intervals (default 200; 0 = none)" },
	{ "on", OPT_CHOICE, "test|train|all|calib", "which rows (default: test with a split, else all)" },
	{ "plots", OPT_BOOL, NULL, "draw the plots with gnuplot (default yes)" },
	{ NULL, 0, NULL, NULL }
};

static enum cmd_retval
cmd_report_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *path = a->pos[0], *ext = strrchr(a->pos[0], '.');
	struct rep_model *rm = NULL;
	size_t n = 0, B, len = 0;
	int kind, on;
	bool plots;
	char *base = NULL, *text = NULL;
	FILE *fp = NULL;
	fair_error err;
	enum cmd_retval rv = CMD_ERROR;

	if (s == NULL)
		return CMD_ERROR;
	if (ext && !strcasecmp(ext, ".md"))
		kind = REP_MD;
	else if (ext && (!strcasecmp(ext, ".html") || !strcasecmp(ext, ".htm")))
		kind = REP_HTML;
	else if (ext && !strcasecmp(ext, ".json"))
		kind = REP_JSON;
	else
		return cli_error(ctx, a, "'%s': the report file must end in .md, .html or .json", path);
	if (s->target == NULL || s->groups == NULL)
		return cli_error(ctx, a, "no %s set (use '%s COLUMN')", s->target ? "sensitive attribute" : "target",
		                 s->target ? "sensitive" : "target");
	if (cli_parse_on(ctx, a, s, &on) || cli_opt_size(ctx, a, "ci", 200, 0, 100000, &B) ||
	    cli_opt_bool(ctx, a, "plots", true, &plots))
		return CMD_ERROR;
	if (B == 1)
		return cli_error(ctx, a, "ci must be 0 (none) or at least 2 resamples");
	if (a->npos == 1 && cli_wait(ctx, NULL) != CMD_OK)
		return CMD_ERROR;
	n = a->npos > 1 ? a->npos - 1 : s->nmodels;
	if (n == 0)
		return cli_error(ctx, a, "session '%s' has no models to report (train one with 'train logreg')", s->name);
	if ((rm = calloc(n, sizeof *rm)) == NULL || (base = strndup(path, (size_t)(ext - path))) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct cli_audit_req req;
		fair_buf v = FAIR_BUF_INIT;
		rm[i].m = a->npos > 1 ? cli_model(ctx, a, s, a->pos[i + 1]) : s->models[i];
		if (rm[i].m == NULL)
			goto out;
		memset(&req, 0, sizeof req);
		req.model = rm[i].m;
		req.on = on;
		req.bootstrap = B;
		if ((rm[i].r = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL)
			goto out;
		if (fair_report_verdicts(rm[i].r, &v, &err) == FAIR_OK)
			rm[i].verdicts = fair_buf_detach(&v);
		else
			fair_buf_release(&v);
		{
			fair_importance *imp = NULL;
			if (fair_model_importance(rm[i].m, s, &imp, &err) == FAIR_OK) {
				char *sens = NULL;
				fair_buf sb = FAIR_BUF_INIT;
				for (size_t c = 0; c < s->groups->ncolumns; c++)
					fair_buf_printf(&sb, "%s%s", c ? "+" : "", s->groups->columns[c]);
				sens = fair_buf_detach(&sb);
				rm[i].imp = out_importance(imp, sens, REPORT_TOP_FEATURES, NULL);
				free(sens);
				fair_importance_free(imp);
			}
		}
		if (plots)
			draw_plots(ctx, a, base, &rm[i], on);
		else
			snprintf(rm[i].plot_msg, sizeof rm[i].plot_msg, "plots not drawn (plots=no)");
	}
	if ((fp = open_memstream(&text, &len)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if (kind == REP_MD)
		write_md(fp, ctx, s, rm, n, on, B);
	else if (kind == REP_HTML)
		write_html(fp, ctx, s, rm, n, on, B);
	else
		write_json(fp, ctx, s, rm, n, on, B);
	fclose(fp);
	if (json_write_atomic(path, text, len, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	cli_info(ctx, "wrote the audit report of %zu model%s to '%s'", n, n == 1 ? "" : "s", path);
	rv = CMD_OK;
out:
	for (size_t i = 0; rm && i < n; i++) {
		fair_report_free(rm[i].r);
		free(rm[i].verdicts);
		if (rm[i].imp)
			out_table_free(rm[i].imp);
		for (int k = 0; k < 2; k++) {
			free(rm[i].png[k]);
			free(rm[i].png_name[k]);
		}
	}
	free(rm);
	free(base);
	free(text);
	return rv;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report", .min_args = 1, .max_args = -1, .opts = report_opts, .flags = CMD_NEEDS_SESSION,
	.usage = "FILE.md|FILE.html|FILE.json [MODEL ...] [ci=B] [on=test|train|all|calib] [plots=no]",
	.help = "write a complete audit report (tables, intervals, verdicts, plots) as Markdown, HTML or JSON",
	.exec = cmd_report_exec,
};
