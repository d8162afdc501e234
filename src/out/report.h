/* report.h -- audit reports and a session's set-up as out_tables (report.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_REPORT_H
#define FAIRSH_OUT_REPORT_H

#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/session.h"
#include "out/out.h"

/* Per-group figures (one row per group, then overall). Caller frees. */
struct out_table *out_report_groups(const fair_report *r, const char *title);
/* Fairness metrics with intervals, the groups compared and a verdict. */
struct out_table *out_report_metrics(const fair_report *r, const char *title);

/* vs=overall (report-overall.c): each group's figures that the metrics
 * compare (selection rate, TPR, FPR; regression: mean prediction) with
 * their difference to the overall value (group - overall) and ratio
 * min(group/overall, overall/group), a row per group with rows and the
 * overall row (Fairlearn's by-group values of difference and ratio with
 * method="to_overall", whose max and min the metrics are). Caller frees. */
struct out_table *out_report_to_overall(const fair_report *r, const char *title);
/* The figures of that table (static; *@n set). */
const int *out_to_overall_figs(int task, size_t *n);
/* The values of that table, for every form of it (table, JSON, tidy):
 *   struct out_to_overall_it it;
 *   for (out_to_overall_start(&it, r, false); out_to_overall_next_fig(&it);)
 *           while (out_to_overall_next_group(&it))
 *                   ... it.fig_name, it.group->label, it.value, it.diff ...
 * Figures in table order; within a figure the groups with rows in report
 * order, then (@with_overall) the overall row. The difference is group -
 * overall, the ratio min(group/overall, overall/group): x/0 counts as
 * +inf, 0 against 0 is 1, NaN gives NaN. */
struct out_to_overall_it {
	/* each figure (out_to_overall_next_fig) */
	size_t k;                          /* the figure's index, from 0 */
	int fig;                           /* FAIR_FIG_* */
	const char *fig_name;
	double overall;                    /* the overall value */
	/* each group (out_to_overall_next_group) */
	size_t i;                          /* the group's index among those compared, from 0 */
	const fair_group_figures *group;   /* r->groups[..] or &r->overall */
	double value, diff, ratio;
	/* private */
	const fair_report *r;
	const int *figs;
	size_t nf, g;
	bool with_overall;
};
void out_to_overall_start(struct out_to_overall_it *it, const fair_report *r, bool with_overall);
bool out_to_overall_next_fig(struct out_to_overall_it *it);
bool out_to_overall_next_group(struct out_to_overall_it *it);

/* Models side by side: name, accuracy (MSE for @task regression) and every
 * fairness metric of the task, one row per report. Caller frees. */
struct out_table *out_report_compare(const char *const *names, const fair_report *const *r, size_t n,
                                     int task);
/* The same with each metric's interval appended as <metric>_ci_low and
 * <metric>_ci_high columns (after every other column; JSON and CSV). */
struct out_table *out_report_compare_ci(const char *const *names, const fair_report *const *r, size_t n,
                                        int task);
/* The metrics' intervals for text: model, then "[low, high]" per metric
 * (n/a without one), the columns of out_report_compare's metrics. */
struct out_table *out_report_compare_intervals(const char *const *names, const fair_report *const *r,
                                               size_t n, int task);

/* The metric @id equals in report @r by definition (deo is
 * equal_opportunity_difference; without a privileged group,
 * disparate_impact is demographic_parity_ratio: in the max-min
 * conventions), or -1 (select.c). */
int out_metric_same_as(const fair_report *r, int id);
/* A copy of @t with the columns where @keep is true (select.c). */
struct out_table *out_table_select(const struct out_table *t, const bool *keep);

/* The tidy table of audits (CSV of audit, one table for any number of
 * models): one row per model x group x figure, per metric, per test and
 * per pair, with the columns of out_tidy_cols (blank where they do not
 * apply): model, kind (figure, metric, test, pair, distance), name, group,
 * value, n (the group's rows), ci_low, ci_high, limit (the usual
 * threshold), status (pass, fail, inconclusive), group_a, group_b (the
 * groups a metric, test or pair compares). */
enum {
	OUT_TIDY_MODEL, OUT_TIDY_KIND, OUT_TIDY_NAME, OUT_TIDY_GROUP, OUT_TIDY_VALUE, OUT_TIDY_N,
	OUT_TIDY_CI_LOW, OUT_TIDY_CI_HIGH, OUT_TIDY_LIMIT, OUT_TIDY_STATUS, OUT_TIDY_GROUP_A, OUT_TIDY_GROUP_B,
	OUT_TIDY_NCOLS
};
extern const char *const out_tidy_cols[OUT_TIDY_NCOLS];
/* An empty tidy table. Caller frees. */
struct out_table *out_tidy_new(void);
/* Appends the rows of the audit @r of @model. */
void out_tidy_report(struct out_table *t, const char *model, const fair_report *r);
/* Appends one row comparing groups @a and @b (kind "pair", "distance" ...);
 * returns its index. */
size_t out_tidy_pair(struct out_table *t, const char *model, const char *kind, const char *name, double value,
                     const char *a, const char *b);

/* Rows of @s per part of its split: train, test, calibration, none. */
void out_session_split_counts(const fair_session *s, size_t c[4]);
/* The data and set-up of @s as (item, value) rows: source, rows, target,
 * groups with their sizes, split, the set-up commands, the models. */
struct out_table *out_session_summary(const fair_session *s);

/* report-stats.c: every group's rates with their intervals at the report's
 * level ("0.312 [0.289, 0.336]"; groups below the minimum size marked *);
 * NULL for regression. Caller frees. */
struct out_table *out_report_rate_intervals(const fair_report *r, const char *title);
/* "ok", "UNFAIR", "inconclusive", "inconclusive (small)", "UNFAIR (value)"
 * (no interval), "" (no verdict): static. */
const char *out_verdict_word(int verdict, int why);
/* Feature importance (fair_model_importance): the @top features of largest
 * share of the total gain (0: every feature used), largest first: feature,
 * share, gain, total gain, eta with the sensitive attribute (column named
 * "eta(@sens)", left out when @sens is NULL) and a note ("sensitive
 * attribute", "proxy"). Features never split on are left out. */
struct out_table *out_importance(const fair_importance *imp, const char *sens, size_t top, const char *title);

#endif
