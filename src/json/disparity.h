/* disparity.h -- disparities (fairsh/disparity.h) as JSON: the
 * "disparities" member of `audit ... disparity=` and the attributes of
 * `bias` (man page "JSON"). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_DISPARITY_H
#define FAIRSH_JSON_DISPARITY_H

#include <cjson/cJSON.h>

#include "fairsh/disparity.h"

/* {"reference_mode", "figures": [{"figure", "reference", "limit",
 * "difference", "ratio", "max_group", "min_group", "to_overall_difference",
 * "to_overall_ratio", "overall", "parity", "groups": [{"group", "value",
 * "difference", "ratio", "parity"}]}], "composites": [{"group",
 * "type1_parity", "type2_parity", "unsupervised_fairness",
 * "supervised_fairness", "equalized_odds_parity"}]}; parities are true,
 * false or null. */
cJSON *json_from_disparity(const fair_report *r, const fair_disparity *d);

#endif
