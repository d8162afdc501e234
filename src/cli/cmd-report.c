/* cmd-report.c -- `report FILE.md|FILE.html|FILE.json [MODEL|COLUMN ...]
 * [pred=COLUMN | score=COLUMN threshold=T ...]`: a complete audit report of
 * the current session: dataset summary, set-up, each model's (or prediction
 * column's) audit with bootstrap intervals, a comparison table, the
 * plain-language verdicts and plots (PNG files beside a Markdown or JSON
 * report; in HTML, which is one self-contained printable file, drawn in a
 * private directory, embedded as data URIs and removed). */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/audit.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/disparity.h"
#include "cli/jobs.h"
#include "cli/result.h"
#include "fairsh/buf.h"
#include "fairsh/db.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/spec.h"
#include "json/json.h"
#include "json/report.h"
#include "json/param.h"
#include "out/document.h"
#include "out/report.h"
#include "plot/plot.h"

enum { REP_MD, REP_HTML, REP_JSON };

struct rep_model {
	fair_model  *m;           /* or NULL: decisions read from columns */
	const char  *column;      /* a prediction column named like a model (compare's way) */
	bool         dec;         /* the decisions of the command's pred=/score= options */
	char        *name, *desc; /* decisions: how they were read ("decile_score >= 5") */
	fair_report *r;
	char        *verdicts;
	char        *png[OUT_DOC_PLOTS];      /* dist, rates: file paths, NULL when not drawn */
	char        *png_name[OUT_DOC_PLOTS]; /* the file names (relative links) */
	char        *png64[OUT_DOC_PLOTS];    /* HTML: the images in base64 */
	char         plot_msg[700];
	struct out_table *imp;                /* feature importance (learners that have it), or NULL */
	struct cli_control ctl;               /* control=: the audit of each stratum */
	char        *full_desc;               /* desc with vs= and agg= said, or NULL */
};

/* A stratum's audit as a section of the document: "MODEL @ COLUMN=VALUE". */
struct rep_stratum {
	char *name, *verdicts;
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
	static const char *const dec_keys[] = { "pred", "score", "positive", "threshold", "direction" };
	char gp[4096], msg[600], safe[128];
	size_t k = 0;
	const char *name = rm->m ? fair_model_name(rm->m) : rm->name;
	bool has_score = rm->dec && cli_opt(a, "score") != NULL;

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
		char *pos[2], *key[8], *val[8], onv[16];
		struct cli_args pa;
		/* hard decisions have no score distribution to draw */
		if (!rm->m && !has_score && !strcmp(out_doc_plot_kinds[i], "dist")) {
			snprintf(rm->plot_msg, sizeof rm->plot_msg, "no plot dist: decisions without scores");
			continue;
		}
		/* nor has a randomised classifier: its decision rates are the rates plot */
		if (rm->m && fair_model_randomised(rm->m) && !strcmp(out_doc_plot_kinds[i], "dist")) {
			snprintf(rm->plot_msg, sizeof rm->plot_msg, "no plot dist: the model decides at random (each row's "
			         "decision is drawn), so it has no scores; its decision rates are in the rates plot");
			continue;
		}
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
		pa.npos = rm->m ? 2 : 1;
		pa.key = key;
		pa.val = val;
		pa.nopt = 2;
		if (rm->column) {
			key[pa.nopt] = (char *)"pred";
			val[pa.nopt++] = (char *)rm->column;
		} else if (rm->dec) {
			for (size_t d = 0; d < sizeof dec_keys / sizeof *dec_keys; d++)
				if (cli_opt(a, dec_keys[d])) {
					key[pa.nopt] = (char *)dec_keys[d];
					val[pa.nopt++] = (char *)cli_opt(a, dec_keys[d]);
				}
		}
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
	CMD_OPT_FORCE,
	CLI_DECISION_OPTS,
	CLI_VS_OPTS,
	{ NULL, 0, NULL, NULL, NULL }
};

/* The description of a section, with what its metrics compare when not
 * the default (new string, or NULL when it is the default). */
static char *
vs_desc(const char *desc, const struct cli_audit_req *req)
{
	fair_buf b = FAIR_BUF_INIT;

	if (req->vs != FAIR_VS_OVERALL && req->agg != FAIR_AGG_MEAN)
		return NULL;
	fair_buf_printf(&b, "%s%s%s", desc ? desc : "", req->vs == FAIR_VS_OVERALL ? "; each group vs overall" : "",
	                req->agg == FAIR_AGG_MEAN ? "; equalized odds as the mean of TPR and FPR" : "");
	return fair_buf_detach(&b);
}

static enum cmd_retval
cmd_report_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *path = a->pos[0], *ext = strrchr(a->pos[0], '.');
	struct rep_model *rm = NULL;
	struct out_doc_model *dm = NULL;
	struct out_doc doc;
	size_t n = 0, nw, B, len = 0;
	int kind, on;
	bool plots, dec;
	struct cli_audit_req dreq;
	char **poslist = NULL;
	char *base = NULL, *text = NULL, *plotdir = NULL;
	bool quiet = ctx->quiet;
	FILE *fp = NULL;
	fair_error err;
	enum cmd_retval rv = CMD_ERROR;
	char *sens = NULL, *impnote = NULL;
	struct rep_stratum *st = NULL;
	size_t nst = 0;

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
	if (cli_parse_on(ctx, a, s, &on) || cli_opt_size(ctx, a, "ci", s->db != NULL || s->stream_path != NULL ? 0 : 200, 0, 100000, &B) ||
	    cli_opt_bool(ctx, a, "plots", true, &plots))
		return CMD_ERROR;
	if (B == 1)
		return cli_error(ctx, a, "ci must be 0 (none) or at least 2 resamples");
	if (cli_check_output(ctx, a, path) != CMD_OK)
		return CMD_ERROR;
	memset(&dreq, 0, sizeof dreq);
	if (cli_parse_decision(ctx, a, &dreq, &poslist))
		return CMD_ERROR;
	cli_parse_vs(a, &dreq);
	dec = dreq.pred != NULL || dreq.score != NULL;
	nw = a->npos - 1;
	/* every model of the session: wait for its jobs (Ctrl-C stops the
	 * wait and leaves them running) */
	if (nw == 0 && !dec && cli_wait_needed(ctx, a, NULL, s) != CMD_OK)
		goto out;
	n = nw + dec + (nw == 0 && !dec ? s->nmodels : 0);
	/* something to audit needs the target and the groups; the data and
	 * the set-up alone are reported for any session */
	if (s->db != NULL || s->stream_path != NULL) {   /* attached: read when audited, no rows to plot */
		if (n > 0 && (s->db_setup->target == NULL || s->db_setup->nsensitive == 0)) {
			cli_error(ctx, a, "no %s set (use '%s COLUMN')", s->db_setup->target ? "sensitive attribute" : "target",
			          s->db_setup->target ? "sensitive" : "target");
			goto out;
		}
	} else if (n > 0 && (s->target == NULL || s->groups == NULL)) {
		cli_error(ctx, a, "no %s set (use '%s COLUMN')", s->target ? "sensitive attribute" : "target",
		          s->target ? "sensitive" : "target");
		goto out;
	}
	if ((rm = calloc(n ? n : 1, sizeof *rm)) == NULL || (base = strndup(path, (size_t)(ext - path))) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	/* the HTML report is one file: its plots are drawn in a private
	 * directory, embedded, and removed */
	if (kind == REP_HTML && plots && n > 0 && (plotdir = plot_private_dir(base)) == NULL) {
		cli_error(ctx, a, "cannot make a temporary directory for the plots: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct cli_audit_req req;
		fair_buf v = FAIR_BUF_INIT;
		char *rule = NULL;
		const char *word = i < nw ? a->pos[i + 1] : NULL;
		memset(&req, 0, sizeof req);
		if (word && fair_session_find_model(s, word) == NULL && cli_job_find(ctx, word) == NULL &&
		    fair_frame_find(s->frame, word) >= 0) {
			/* a column named like a model, as compare takes it */
			req.pred = rm[i].column = word;
		} else if (word || !dec) {      /* a model named, or every model */
			rm[i].m = word ? cli_model(ctx, a, s, word) : s->models[i];
			if (rm[i].m == NULL)
				goto out;
			req.model = rm[i].m;
		} else {
			req = dreq;
			rm[i].dec = true;
		}
		req.on = on;
		req.bootstrap = B;
		req.rule_out = &rule;
		req.vs = dreq.vs;
		req.agg = dreq.agg;
		if (cli_control_for(ctx, a, s, &rm[i].ctl)) {
			free(rule);
			goto out;
		}
		cli_control_request(&rm[i].ctl, &req);
		if ((rm[i].r = cli_audit_run(ctx, a, s, &req, NULL, NULL, NULL)) == NULL) {
			free(rule);
			goto out;
		}
		cli_control_note(ctx, &rm[i].ctl, rm[i].r);
		if (rm[i].m == NULL) {
			fair_buf d = FAIR_BUF_INIT;
			rm[i].name = strdup(rm[i].column ? rm[i].column : rule ? rule : "decisions");
			fair_buf_printf(&d, "decisions %s%s%s", rule ? rule : rm[i].name, req.score && req.pred ? ", scores " : "",
			                req.score && req.pred ? req.score : "");
			rm[i].desc = fair_buf_detach(&d);
		}
		free(rule);
		if (rm[i].m == NULL && (rm[i].name == NULL || rm[i].desc == NULL)) {
			cli_error(ctx, a, "out of memory");
			goto out;
		}
		rm[i].full_desc = vs_desc(rm[i].m ? fair_model_desc(rm[i].m) : rm[i].desc, &req);
		if (fair_report_verdicts(rm[i].r, &v, &err) == FAIR_OK) {
			cli_fairness_tree_report(ctx, a, s, rm[i].r, &v);
			rm[i].verdicts = fair_buf_detach(&v);
		}
		else
			fair_buf_release(&v);
		{
			fair_importance *imp = NULL;
			/* decisions from columns have no model, so no importance */
			if (rm[i].m != NULL && fair_model_importance(rm[i].m, s, &imp, &err) == FAIR_OK) {
				if (sens == NULL)
					sens = sensitive_label(s);
				rm[i].imp = out_importance(imp, sens, REPORT_TOP_FEATURES, NULL);
				fair_importance_free(imp);
			}
		}
		if (plots && (s->db != NULL || s->stream_path != NULL))
			snprintf(rm[i].plot_msg, sizeof rm[i].plot_msg, "plots not drawn: they need the rows, which stay in "
			         "the %s (load it for plots)", s->db != NULL ? "database" : "file");
		else if (plots) {
			ctx->quiet = quiet || plotdir != NULL;   /* no "plot written to" a temporary file */
			draw_plots(ctx, a, plotdir ? plotdir : base, &rm[i], on);
			ctx->quiet = quiet;
		}
		else
			snprintf(rm[i].plot_msg, sizeof rm[i].plot_msg, "plots not drawn (plots=no)");
	}
	/* control=: each model's strata follow as sections of their own */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; rm[i].ctl.groups && k < rm[i].ctl.groups->K; k++)
			nst += rm[i].ctl.reports[k] != NULL;
	if ((st = calloc(nst ? nst : 1, sizeof *st)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if ((dm = calloc(n + nst ? n + nst : 1, sizeof *dm)) == NULL) {
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
		dm[i].name = rm[i].m ? fair_model_name(rm[i].m) : rm[i].name;
		dm[i].desc = rm[i].full_desc ? rm[i].full_desc : rm[i].m ? fair_model_desc(rm[i].m) : rm[i].desc;
		dm[i].decisions = rm[i].m == NULL;
		dm[i].r = rm[i].r;
		dm[i].verdicts = rm[i].verdicts;
		dm[i].plot_msg = rm[i].plot_msg;
		for (int k = 0; k < OUT_DOC_PLOTS; k++) {
			dm[i].plot_file[k] = kind == REP_HTML ? NULL : rm[i].png_name[k];
			if (kind == REP_HTML && rm[i].png[k]) {
				dm[i].plot_png64[k] = rm[i].png64[k] = png_base64(rm[i].png[k]);
				unlink(rm[i].png[k]);
			}
		}
	}
	doc.session = s;
	doc.on = cli_on_name(on);
	doc.bootstrap = B;
	doc.convention = fair_convention_name(ctx->set.convention);
	doc.written_by = PACKAGE_STRING;
	for (size_t i = 0, j = 0; i < n; i++)
		for (size_t k = 0; rm[i].ctl.groups && k < rm[i].ctl.groups->K; k++) {
			const fair_report *sr = rm[i].ctl.reports[k];
			struct out_doc_model *d = &dm[n + j];
			fair_buf v = FAIR_BUF_INIT;
			if (sr == NULL)
				continue;
			st[j].name = cli_control_name(&rm[i].ctl, dm[i].name, k);
			if (fair_report_verdicts(sr, &v, &err) == FAIR_OK)
				st[j].verdicts = fair_buf_detach(&v);
			else
				fair_buf_release(&v);
			d->name = st[j].name ? st[j].name : dm[i].name;
			d->desc = dm[i].desc;
			d->decisions = dm[i].decisions;
			d->r = sr;
			d->verdicts = st[j].verdicts;
			d->plot_msg = "no plots for a stratum (plot ... control= draws them)";
			j++;
		}
	doc.models = dm;
	doc.n = n + nst;
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
	if (cli_write_file(ctx, a, path, text, len) < 0)
		goto out;
	size_t nm = 0;
	for (size_t i = 0; i < n; i++)
		nm += rm[i].m != NULL;
	if (n == 0)
		cli_info(ctx, "wrote the report of session '%s' (data and set-up; no models audited) to '%s'", s->name, path);
	else if (nm == n)
		cli_info(ctx, "wrote the audit report of %zu model%s to '%s'", n, n == 1 ? "" : "s", path);
	else if (nm == 0)
		cli_info(ctx, "wrote the audit report of %zu set%s of decisions to '%s'", n, n == 1 ? "" : "s", path);
	else
		cli_info(ctx, "wrote the audit report of %zu model%s and %zu set%s of decisions to '%s'", nm,
		         nm == 1 ? "" : "s", n - nm, n - nm == 1 ? "" : "s", path);
	rv = CMD_OK;
out:
	for (size_t j = 0; st && j < nst; j++) {
		free(st[j].name);
		free(st[j].verdicts);
	}
	free(st);
	for (size_t i = 0; rm && i < n; i++) {
		cli_control_free(&rm[i].ctl);
		free(rm[i].full_desc);
		fair_report_free(rm[i].r);
		free(rm[i].verdicts);
		if (rm[i].imp)
			out_table_free(rm[i].imp);
		free(rm[i].name);
		free(rm[i].desc);
		for (int k = 0; k < OUT_DOC_PLOTS; k++) {
			free(rm[i].png[k]);
			free(rm[i].png_name[k]);
			free(rm[i].png64[k]);
		}
	}
	for (size_t i = 0; plotdir && rm && i < n; i++)
		for (int k = 0; k < OUT_DOC_PLOTS; k++)
			if (rm[i].png[k])
				unlink(rm[i].png[k]);
	plot_remove_private_dir(plotdir);
	free(rm);
	free(dm);
	free(sens);
	free(impnote);
	free(base);
	cli_list_free(poslist, dreq.npositive);
	free(text);
	return rv;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report", .min_args = 1, .max_args = -1, .opts = report_opts, .flags = CMD_NEEDS_SESSION,
	.args = "FILE.md|FILE.html|FILE.json [MODEL|COLUMN ...] [{pred} [{positive}] [{score}] | {score} {threshold} "
	        "[{direction}]]",
	.help = "write a complete audit report (tables, intervals, verdicts, plots) of models or decisions, as Markdown, HTML or JSON",
	.exec = cmd_report_exec,
};
