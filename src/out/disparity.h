/* disparity.h -- disparities (fairsh/disparity.h) as tables: the spread of
 * each figure between the groups, each group against the reference, the
 * parity flags, and the Aequitas-shaped wide table of `bias`. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_DISPARITY_H
#define FAIRSH_OUT_DISPARITY_H

#include "fairsh/disparity.h"
#include "out/out.h"

/* One row per figure: figure, reference, max - min, min / max, the groups
 * at max and min, the largest gap to the overall value (difference and
 * ratio), the limit, parity over the groups and the groups out of parity.
 * Caller frees. */
struct out_table *out_disparity_spread(const fair_report *r, const fair_disparity *d, const char *title);

/* What out_disparity_groups shows per figure. */
enum { OUT_DISP_RATIO = 0, OUT_DISP_DIFF, OUT_DISP_VALUE };

/* One row per group: group, n, then per figure its ratio to the reference
 * ("1.5 *" when out of parity in text), its difference to it, or the
 * group's value (@what, OUT_DISP_*). Caller frees. */
struct out_table *out_disparity_groups(const fair_report *r, const fair_disparity *d, int what,
                                       const char *title);

/* One row per group: group, each figure's parity flag, then the
 * composites (type I, type II, unsupervised, supervised). Caller frees. */
struct out_table *out_disparity_parity(const fair_report *r, const fair_disparity *d, const char *title);

/* Appends one row per group of attribute @attr to the wide table @t (NULL:
 * a new table with the columns for @d's figures; all attributes of one
 * `bias` must ask for the same figures): attribute_name, attribute_value,
 * group_size, pp, pn, tp, fp, tn, fn, group_label_pos, group_label_neg,
 * then per figure FIG, FIG_ref_group, FIG_difference, FIG_disparity,
 * FIG_parity, then type1_parity, type2_parity, unsupervised_fairness,
 * supervised_fairness. Returns @t (or the new table). */
struct out_table *out_disparity_wide(struct out_table *t, const char *attr, const fair_report *r,
                                     const fair_disparity *d);

#endif
