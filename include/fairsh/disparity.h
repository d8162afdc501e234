/* disparity.h -- any per-group figure of an audit as a disparity: the spread
 * between the groups (max - min, min / max) and each group against a
 * reference group (difference, ratio, parity flag), with Aequitas's choice of
 * reference (a named group, the largest, the group with the lowest value)
 * and its composite parities. Pure data: nothing here prints. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DISPARITY_H
#define FAIRSH_DISPARITY_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/metric.h"

/* How the reference group is chosen (Aequitas's ref_groups_method). */
enum fair_ref_mode {
	FAIR_REF_LARGEST = 0,   /* the group with the largest weight ("majority"; first on ties) */
	FAIR_REF_GROUP,         /* a group the user names ("predefined") */
	FAIR_REF_MIN_METRIC     /* per figure, the group with the lowest defined value
	                         * (first on ties; the largest group when none is defined) */
};

/* A parity flag: three-valued, NA when the disparity is undefined. */
enum fair_parity { FAIR_PARITY_NA = 0, FAIR_PARITY_TRUE, FAIR_PARITY_FALSE };

typedef struct fair_disparity_opts {
	int    ref_mode;        /* enum fair_ref_mode (default FAIR_REF_LARGEST) */
	long   ref_group;       /* FAIR_REF_GROUP: the group index in the report */
	double limit;           /* tau in (0, 1]: parity when tau <= ratio <= 1 / tau (default 0.8) */
	double fig_limit[FAIR_FIG_COUNT];   /* per figure, NaN = limit (default all NaN) */
	double divbyzero;       /* the ratio x / 0 for x > 0 (Aequitas's fill_divbyzero, default 10) */
} fair_disparity_opts;

void fair_disparity_opts_init(fair_disparity_opts *o);

/* One group's figure against the reference group's. */
typedef struct fair_disparity_cell {
	double value;           /* the group's figure (NaN when undefined) */
	double diff;            /* value - reference value (NaN when either is undefined) */
	double ratio;           /* value / reference value; x / 0 = opts.divbyzero, 0 / 0 NaN */
	int    parity;          /* enum fair_parity of the ratio at the figure's limit */
} fair_disparity_cell;

typedef struct fair_disparity_fig {
	int    fig;             /* enum fair_figure */
	long   ref;             /* the reference group of this figure */
	double limit;           /* tau used for this figure */
	double diff;            /* max - min over the groups with a defined value (NaN: fewer than 2) */
	double ratio;           /* min / max over the same groups (0 / 0: NaN) */
	long   gmax, gmin;      /* the groups attaining max and min (-1 when undefined) */
	double overall;         /* the figure over all audited rows (NaN for ppr, 1 by definition) */
	double diff_overall;    /* max over groups of |value - overall| (Fairlearn's to_overall) */
	double ratio_overall;   /* min over groups of min(value / overall, overall / value) */
	fair_disparity_cell *cell;   /* K entries, in the report's group order */
	int    parity;          /* every group's flag: FALSE if any is FALSE, else NA if any NA */
} fair_disparity_fig;

/* Aequitas's composite parities of one group (Kleene "and": FALSE when any
 * part is FALSE, else NA when any part is NA, else TRUE), each NA when a
 * figure it needs was not asked for. */
typedef struct fair_disparity_group {
	int type1;              /* FPR parity and FDR parity (false positives) */
	int type2;              /* FNR parity and FOR parity (false negatives) */
	int unsupervised;       /* PPR parity and PPREV parity (who is selected) */
	int supervised;         /* type1 and type2 */
	int equalized_odds;     /* FPR parity and TPR parity */
} fair_disparity_group;

typedef struct fair_disparity {
	size_t K;
	int    ref_mode;
	size_t nfig;
	fair_disparity_fig *figs;        /* nfig, in the order asked */
	fair_disparity_group *groups;    /* K */
} fair_disparity;

/* Disparities of figures @figs (@nfigs of enum fair_figure, each at most
 * once) of the classification or regression report @r (borrowed) under @o
 * (NULL: defaults). Reads only the report's group figures, so the
 * convention that made them decides what an empty denominator gives.
 * Returns a new result (fair_disparity_free) or NULL with @err set:
 * FAIR_EINVAL for no figure, a figure given twice or out of range, a
 * reference group out of range, a limit outside (0, 1]; FAIR_ENOMEM. */
fair_disparity *fair_disparity_compute(const fair_report *r, const int *figs, size_t nfigs,
                                       const fair_disparity_opts *o, fair_error *err);
void fair_disparity_free(fair_disparity *d);   /* NULL is a no-op */

/* The figures a task offers as disparities, in report order (static; *n set):
 * classification: the rates, PPV, NPV, FOR, FDR, PPR, PPREV, accuracy,
 * balanced accuracy, AUC; regression: mean prediction, mean target, MSE, MAE. */
const int *fair_disparity_figures(int task, size_t *n);

/* Aequitas's default bias report figures: fpr, fnr, for, fdr, ppr, pprev. */
const int *fair_disparity_aequitas_figures(size_t *n);

/* Parses "largest" (also "majority"), "min_metric" into @mode; anything
 * else is a group label: @mode FAIR_REF_GROUP (the caller looks it up). */
void fair_ref_mode_parse(const char *s, int *mode);
const char *fair_ref_mode_name(int mode);   /* "largest", "group", "min_metric" */

/* "true", "false", "NA" (static). */
const char *fair_parity_name(int p);

/* The fairness tree (Aequitas): which disparities matter for a decision,
 * given which outcome is favourable (enum fair_favorable, spec.h; 0 =
 * unset). figs[0] is the error rate to equalise when the decision reaches
 * many of the people concerned, figs[1] the one when it is taken on a small
 * selected share: punitive (the positive decision is unfavourable): FPR,
 * FDR; assistive: FNR, FOR; unset: representation, PPREV and PPR. *why
 * receives a static paragraph in plain words. Returns 2. */
size_t fair_fairness_tree(int favorable, int figs[2], const char **why);

#endif
