/* counts.h -- the fairness audit of a table of counts: one row per
 * combination of the target, the sensitive columns, the decisions (and
 * any control columns), with how many rows have it (FAIR_DB_COUNT) and,
 * weighted, the sum of their weights (FAIR_DB_WSUM) and of the squared
 * weights (FAIR_DB_W2). That is what a database's GROUP BY returns
 * (fair_db_push_sql), what the streamed counter returns
 * (fair_stream_counter_frame), and what anyone can compute with their own
 * SQL; fair_audit_counts gives the same report as fair_audit of the rows
 * behind the counts (figures, analytic intervals, verdicts; no bootstrap,
 * AUC or calibration, which need rows). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_COUNTS_H
#define FAIRSH_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "fairsh/db.h"
#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"

/* Which columns of the counts are what; all borrowed. */
typedef struct fair_counts_spec {
	const char *target;                /* the target column (two classes) */
	const char *const *positive;       /* its positive values, as fair_target_build; NULL: default */
	size_t      npositive;
	const char *const *favorable;      /* fair_target_set_favorable's values; NULL: not set */
	size_t      nfavorable;
	const char *const *sensitive;      /* the sensitive columns (>= 1) */
	size_t      nsensitive;
	const char *privileged;            /* a group label, or NULL */
	const char *decision;              /* the decisions column */
	const char *const *decision_positive; /* its positive values (fair_decision_opts.positive);
	                                       * NULL: read in the target's label space */
	size_t      ndecision_positive;
	const char *weights;               /* the weights column's name, for messages (NULL: "weights") */
} fair_counts_spec;

/* The audit of a table of counts. The target, groups and decisions are
 * per row of the counts (one per combination), except the tallies
 * target->npos, nneg, nmissing and groups->count, which count the rows
 * behind the combinations, as for a loaded table. */
typedef struct fair_counted {
	fair_report   *report;     /* over every counted row */
	fair_target   *target;
	fair_groups   *groups;
	fair_decision *decision;   /* decision->rule: how the decisions were read */
	size_t         rows;       /* the rows counted: the sum of FAIR_DB_COUNT */
	fair_frame    *counts;     /* a reference to the counts */
	const double  *cnt, *wsum, *w2;   /* their columns (wsum, w2 NULL: unweighted) */
} fair_counted;

/* Audits the counts @counts under @spec with @ao (ao->bootstrap must be 0:
 * the rows are not there; ao->calib_bins is not read). A combination with
 * a missing target or group is not counted (as a loaded table leaves such
 * rows out); one with a missing decision is counted as skipped. With
 * FAIR_DB_WN and FAIR_DB_WMIN (the rows with a weight and the smallest
 * weight, as the pushdown query returns them) every row is checked to
 * have a finite weight >= 0. Returns a new fair_counted (free with
 * fair_counted_free), or NULL with @err set: FAIR_EINVAL for no
 * FAIR_DB_COUNT column (or FAIR_DB_WSUM without FAIR_DB_W2, or the
 * reverse), a count that is negative, not finite or not whole, "target
 * 'y' is not binary: an attached table is audited for classification",
 * rows without a weight or a negative or infinite weight (naming the
 * weights column); the errors of fair_target_build,
 * fair_target_set_favorable, fair_groups_build, fair_decision_build and
 * fair_audit; FAIR_ENOMEM. */
fair_counted *fair_audit_counts(const fair_frame *counts, const fair_counts_spec *spec, const fair_audit_opts *ao,
                                fair_error *err);
void          fair_counted_free(fair_counted *c);   /* NULL is a no-op */

/* The audit of each stratum: @stratum gives, per row of the counts, a
 * stratum in [0, @K) or -1 (e.g. the groups of the control columns,
 * fair_groups_build(counts, control, ...)->group). reports[k] gets the
 * audit of the combinations of stratum k with @ao, or stays NULL with
 * why[k] a new string saying why ("no audited rows", or fair_audit's
 * error); both arrays have @K entries, set to NULL first. FAIR_OK, or
 * FAIR_ENOMEM / FAIR_ECANCELED (the reports made so far stay in place). */
int           fair_audit_counts_strata(const fair_counted *c, const int32_t *stratum, size_t K,
                                       const fair_audit_opts *ao, fair_report **reports, char **why,
                                       fair_error *err);

/* The counts @counts with each text column's levels in byte order: the
 * groups and strata then come in the same order whatever the order of
 * the rows (a database's collation, its plan). A new reference. */
fair_frame   *fair_counts_sort_levels(const fair_frame *counts, fair_error *err);

#endif
