/* disparity.c -- figures, reference group and limits of a disparity
 * request, and the fairness tree's guidance in words (cli/disparity.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/disparity.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"

static bool
in_list(const int *l, size_t n, int f)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == f)
			return true;
	return false;
}

int
cli_disparity_figs(struct cli_ctx *ctx, const struct cli_args *a, const char *spec, int task, int **figs,
                   size_t *n)
{
	size_t nall, nw = 0;
	const int *all = fair_disparity_figures(task, &nall), *src = NULL;
	char **w = NULL;
	int *out = NULL;

	*figs = NULL;
	*n = 0;
	if (!strcmp(spec, "all"))
		src = all, nw = nall;
	else if (!strcmp(spec, "aequitas")) {
		if (task == FAIR_TASK_REGRESSION) {
			cli_error(ctx, a, "disparity=aequitas compares error rates of decisions; the target is numeric");
			return -1;
		}
		src = fair_disparity_aequitas_figures(&nw);
	} else if ((w = cli_split_list(spec, ',', &nw)) == NULL) {
		cli_error(ctx, a, "out of memory");
		return -1;
	}
	if (nw == 0 || (out = malloc(nw * sizeof *out)) == NULL) {
		cli_list_free(w, nw);
		cli_error(ctx, a, nw == 0 ? "disparity= needs a figure" : "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nw; i++) {
		int f = src ? src[i] : fair_figure_find(w[i]);
		const char *word = src ? fair_figure_info_get(f)->name : w[i];
		if (f < 0 || !in_list(all, nall, f)) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t j = 0; j < nall; j++)
				fair_buf_printf(&b, "%s%s", j ? ", " : "", fair_figure_info_get(all[j])->name);
			cli_error(ctx, a, "%s '%s' for disparity= (expected all, %s%s)",
			          f < 0 ? "unknown figure" : "no per-group", word,
			          task == FAIR_TASK_REGRESSION ? "" : "aequitas, ", b.buf);
			fair_buf_release(&b);
			goto fail;
		}
		if (in_list(out, i, f)) {
			cli_error(ctx, a, "figure '%s' is listed twice in disparity=", word);
			goto fail;
		}
		out[i] = f;
	}
	cli_list_free(w, nw);
	*figs = out;
	*n = nw;
	return 0;
fail:
	cli_list_free(w, nw);
	free(out);
	return -1;
}

const char *
cli_sensitive_reference(const fair_session *s, char *buf, size_t size)
{
	/* the spec is the command's words as typed, options after the columns:
	 * "race reference=Caucasian privileged=..."; a label may hold spaces,
	 * so the value runs up to the next known option */
	static const char *const next[] = { " privileged=", " threshold=", " reference=" };
	const char *p = s->sensitive_spec ? strstr(s->sensitive_spec, " reference=") : NULL;

	if (p == NULL)
		return NULL;
	p += strlen(" reference=");
	size_t len = strlen(p);
	for (size_t i = 0; i < sizeof next / sizeof *next; i++) {
		const char *q = strstr(p, next[i]);
		if (q != NULL && (size_t)(q - p) < len)
			len = (size_t)(q - p);
	}
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

int
cli_disparity_opts(struct cli_ctx *ctx, const struct cli_args *a, const fair_report *r, const char *ref,
                   double limit, fair_disparity_opts *o)
{
	fair_disparity_opts_init(o);
	o->limit = isnan(limit) ? ctx->set.fairness_limit : limit;
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		o->fig_limit[f] = isnan(limit) ? ctx->set.fairness_fig_limit[f] : NAN;
	if (ref == NULL) {
		if (r->privileged >= 0) {
			o->ref_mode = FAIR_REF_GROUP;
			o->ref_group = r->privileged;
		}
		return 0;
	}
	fair_ref_mode_parse(ref, &o->ref_mode);
	if (o->ref_mode != FAIR_REF_GROUP)
		return 0;
	for (size_t k = 0; k < r->K; k++)
		if (!strcmp(r->groups[k].label, ref)) {
			o->ref_group = (long)k;
			return 0;
		}
	fair_buf b = FAIR_BUF_INIT;
	for (size_t k = 0; k < r->K && k < 20; k++) {
		fair_buf_puts(&b, k ? ", " : "");
		fair_text_escape_value(&b, r->groups[k].label);
	}
	cli_error(ctx, a, "reference group '%s' has no rows among the audited rows (groups: %s; or largest, "
	          "min_metric)", ref, b.buf ? b.buf : "");
	fair_buf_release(&b);
	return -1;
}

void
cli_fairness_tree_text(const fair_report *r, const fair_disparity *d, fair_buf *b)
{
	int figs[2];
	const char *why;
	size_t n = fair_fairness_tree(r->favorable, figs, &why);

	fair_buf_printf(b, "%s\n", why);
	for (size_t i = 0; i < n; i++) {
		const fair_disparity_fig *df = NULL;
		for (size_t j = 0; j < d->nfig; j++)
			if (d->figs[j].fig == figs[i])
				df = &d->figs[j];
		const char *name = fair_figure_info_get(figs[i])->name;
		if (df == NULL) {
			fair_buf_printf(b, "  %s: not in this report (add it with disparity=%s)\n", name, name);
			continue;
		}
		fair_buf_printf(b, "  %s parity at %.3g (reference ", name, df->limit);
		fair_text_escape_value(b, r->groups[df->ref].label);
		fair_buf_puts(b, "): ");
		size_t nbad = 0, nna = 0;
		for (size_t k = 0; k < d->K; k++) {
			if (df->cell[k].parity == FAIR_PARITY_NA) {
				nna++;
				continue;
			}
			if (df->cell[k].parity != FAIR_PARITY_FALSE)
				continue;
			fair_buf_puts(b, nbad++ ? ", " : "out of parity: ");
			fair_text_escape_value(b, r->groups[k].label);
			fair_buf_printf(b, " (ratio %.3g)", df->cell[k].ratio);
		}
		if (nbad == 0)
			fair_buf_printf(b, "every group with a value is within [%.3g, %.3g]", df->limit, 1 / df->limit);
		if (nna)
			fair_buf_printf(b, "; %zu group%s undefined", nna, nna == 1 ? "" : "s");
		fair_buf_puts(b, "\n");
	}
}

void
cli_fairness_tree_report(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s,
                         const fair_report *r, fair_buf *b)
{
	int figs[2];
	const char *why;
	char buf[512];
	const char *ref = cli_sensitive_reference(s, buf, sizeof buf);
	fair_disparity_opts o;
	fair_disparity *d;
	size_t n;

	if (r->task != FAIR_TASK_CLASSIFICATION)
		return;
	n = fair_fairness_tree(r->favorable, figs, &why);
	if (ref != NULL) {   /* a label the audited rows lack: quietly the default */
		int mode;
		fair_ref_mode_parse(ref, &mode);
		bool found = mode != FAIR_REF_GROUP;
		for (size_t k = 0; !found && k < r->K; k++)
			found = !strcmp(r->groups[k].label, ref);
		if (!found)
			ref = NULL;
	}
	if (cli_disparity_opts(ctx, a, r, ref, NAN, &o) ||
	    (d = fair_disparity_compute(r, figs, n, &o, NULL)) == NULL)
		return;
	fair_buf_puts(b, "Fairness tree (Aequitas): ");
	cli_fairness_tree_text(r, d, b);
	fair_disparity_free(d);
}
