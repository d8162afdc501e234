/* spec-private.h -- helpers shared by spec.c (target, groups) and
 * spec-rows.c (filters, split, features). Not installed. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_SPEC_PRIVATE_H
#define FAIRSH_SPEC_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/buf.h"
#include "fairsh/spec.h"

#define LIST_MAX 10     /* names listed in an error message */
#define GROUPS_MAX_DISTINCT 20
#define DENSE_RADIX_MAX (UINT64_C(1) << 20)   /* group combinations counted densely */
int fair_speci_nomem(fair_error *err);
int fair_speci_cmp_double(const void *a, const void *b);
char * fair_speci_strndup_trim(const char *s, size_t len);
bool fair_speci_parse_number(const char *s, double *out);
void fair_speci_list_columns(fair_buf *b, const fair_frame *f);
int fair_speci_unknown_column(fair_error *err, const fair_frame *f, const char *name);
double * fair_speci_distinct_values(const fair_column *c, size_t *nd);
void fair_speci_list_levels(fair_buf *b, const fair_column *c);
bool fair_speci_value_occurs(const fair_column *c, double x);

#endif
