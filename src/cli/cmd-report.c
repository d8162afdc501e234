/* cmd-report.c -- `report FILE.md|FILE.html|FILE.json [MODEL ...]`: a
 * complete audit report of the current session: dataset summary, set-up,
 * each model's audit with bootstrap intervals, a comparison table, the
 * plain-language verdicts and plots (PNG files beside the report, embedded
 * as data URIs in HTML, which is one self-contained printable file). */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/jobs.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "json/json.h"
#include "json/report.h"
#include "json/param.h"
#include "out/file.h"
#include "out/document.h"
#include "out/report.h"
#include "plot/plot.h"

enum { REP_MD, REP_HTML, REP_JSON };

struct rep_model {
	fair_model  *m;
	fair_report *r;
	char        *verdicts;
	char        *png[OUT_DOC_PLOTS];      /* dist, rates: file paths, NULL when not drawn */
	char        *png_name[OUT_DOC_PLOTS]; /* the file names (relative links) */
	char        *png64[OUT_DOC_PLOTS];    /* HTML: the images in base64 */
	char         plot_msg[700];
	struct out_table *imp;                /* feature importance (learners that have it), or NULL */
};

/* The features of largest gain a report shows. */
#define REPORT_TOP_FEATURES 15

/* The sensitive columns as one label ("sex", "race+sex"). */
static char *
sensitive_label(const fair_session *s)
{
	fair_buf b = FAIR_BUF_INIT;

	for (size_t c = 0; c < s->groups->ncolumns; c++)
		fair_buf_printf(&b, "%s%s", c ? "+" : "", s->groups->columns[c]);
	return fair_buf_detach(&b);
}

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
	for (int i = 0; i < OUT_DOC_PLOTS; i++) {
		fair_buf path = FAIR_BUF_INIT;
		char *pos[2], *key[2], *val[2], onv[16];
		struct cli_args pa;
		fair_buf_printf(&path, "%s-%s-%s.png", base, safe, out_doc_plot_kinds[i]);
		memset(&pa, 0, sizeof pa);
		pa.entry = &cmd_plot_entry;
		pos[0] = (char *)out_doc_plot_kinds[i];
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
			         out_doc_plot_kinds[i]);
			fair_buf_release(&path);
		}
	}
}

/* The PNG file at @path in base64 (for the HTML report), or NULL when it
 * cannot be read. */
static char *
png_base64(const char *path)
{
	FILE *in = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, k;
	char *enc;

	if (in == NULL)
		return NULL;
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
	return enc;
}

/* ---- the command ------------------------------------------------------------------ */

static const struct cmd_opt report_opts[] = {
	{ "ci", OPT_INT, NULL, "B", "bootstrap resamples for the intervals (default 200; 0 = none)" },
	CMD_OPT_ON,
	{ "plots", OPT_BOOL, NULL, "no", "draw the plots with gnuplot (default yes)" },
	{ NULL, 0, NULL, NULL, NULL }
};

static enum cmd_retval
cmd_report_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *path = a->pos[0], *ext = strrchr(a->pos[0], '.');
	struct rep_model *rm = NULL;
	struct out_doc_model *dm = NULL;
	struct out_doc doc;
	size_t n = 0, B, len = 0;
	int kind, on;
	bool plots;
	char *base = NULL, *text = NULL;
	FILE *fp = NULL;
	fair_error err;
	enum cmd_retval rv = CMD_ERROR;
	char *sens = NULL, *impnote = NULL;

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
				if (sens == NULL)
					sens = sensitive_label(s);
				rm[i].imp = out_importance(imp, sens, REPORT_TOP_FEATURES, NULL);
				fair_importance_free(imp);
			}
		}
		if (plots)
			draw_plots(ctx, a, base, &rm[i], on);
		else
			snprintf(rm[i].plot_msg, sizeof rm[i].plot_msg, "plots not drawn (plots=no)");
	}
	if ((dm = calloc(n, sizeof *dm)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if (sens != NULL) {
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_printf(&b, "Largest share of the total gain (XGBoost's gain per split summed over the trees) first; "
		                "eta: the feature's association with %s on the training rows (correlation ratio, 0 to 1); "
		                "a proxy has eta >= %g.", sens, FAIR_PROXY_ETA);
		impnote = fair_buf_detach(&b);
	}
	for (size_t i = 0; i < n; i++) {
		dm[i].importance = rm[i].imp;
		dm[i].importance_note = impnote;
		dm[i].name = fair_model_name(rm[i].m);
		dm[i].desc = fair_model_desc(rm[i].m);
		dm[i].r = rm[i].r;
		dm[i].verdicts = rm[i].verdicts;
		dm[i].plot_msg = rm[i].plot_msg;
		for (int k = 0; k < OUT_DOC_PLOTS; k++) {
			dm[i].plot_file[k] = rm[i].png_name[k];
			if (kind == REP_HTML && rm[i].png[k])
				dm[i].plot_png64[k] = rm[i].png64[k] = png_base64(rm[i].png[k]);
		}
	}
	doc.session = s;
	doc.on = cli_on_name(on);
	doc.bootstrap = B;
	doc.convention = fair_convention_name(ctx->set.convention);
	doc.written_by = PACKAGE_STRING;
	doc.models = dm;
	doc.n = n;
	if ((fp = open_memstream(&text, &len)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if (kind == REP_MD)
		out_doc_markdown(fp, &doc);
	else if (kind == REP_HTML)
		out_doc_html(fp, &doc);
	else {
		cJSON *j = json_from_document(&doc);
		json_print(fp, j);
		cJSON_Delete(j);
	}
	fclose(fp);
	if (out_write_atomic(path, text, len, &err)) {
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
		for (int k = 0; k < OUT_DOC_PLOTS; k++) {
			free(rm[i].png[k]);
			free(rm[i].png_name[k]);
			free(rm[i].png64[k]);
		}
	}
	free(rm);
	free(dm);
	free(sens);
	free(impnote);
	free(base);
	free(text);
	return rv;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report", .min_args = 1, .max_args = -1, .opts = report_opts, .flags = CMD_NEEDS_SESSION,
	.args = "FILE.md|FILE.html|FILE.json [MODEL ...]",
	.help = "write a complete audit report (tables, intervals, verdicts, plots) as Markdown, HTML or JSON",
	.exec = cmd_report_exec,
};
