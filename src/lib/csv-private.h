/* csv-private.h -- internals shared by the csv-*.c files: number parsing with
 * a reusable C locale, string dictionaries, distinct counting. Not installed. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CSV_PRIVATE_H
#define FAIRSH_CSV_PRIVATE_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/frame.h"

/* Number parser; *@loc is a lazily created C locale for the strtod fallback
 * (caller frees it with freelocale when not (locale_t)0). */
bool csv_parse_double(const char *s, size_t len, double *out, locale_t *loc);

/* A string -> code dictionary: levels in insertion order, strings stored
 * NUL-terminated in one arena. */
typedef struct csv_level {
	size_t   off, len;
	uint64_t hash;
	uint64_t head;     /* first min(len, 8) bytes, zero-padded */
} csv_level;

typedef struct csv_dict {
	char      *arena;
	size_t     alen, acap;
	csv_level *lv;
	size_t     n, cap;
	int32_t   *slots;      /* level index + 1, 0 = empty */
	size_t     mask;       /* number of slots - 1 */
} csv_dict;

void    csv_dict_init(csv_dict *d);
void    csv_dict_release(csv_dict *d);
/* Returns the code of @s (adding it), -1 when out of memory, -2 when full. */
int32_t csv_dict_intern(csv_dict *d, const char *s, size_t len);
static inline const char *csv_dict_str(const csv_dict *d, size_t k) { return d->arena + d->lv[k].off; }
/* Hands the levels out as malloc'd strings (array and strings); NULL on OOM. */
char  **csv_dict_levels(const csv_dict *d);

/* Number of distinct non-NaN values of @v (0.0 and -0.0 equal), -1 on OOM. */
long long csv_count_distinct(const double *v, size_t n);

/* Length of the valid UTF-8 sequence at @p (RFC 3629), 0 if invalid. */
size_t  csv_utf8_len(const unsigned char *p, const unsigned char *e);
/* The delimiter among , ; tab | that splits the first lines of [p, e) into
 * the same number (> 1) of fields, preferring more fields; ',' if none. */
char    csv_sniff(const char *p, const char *e);

struct fair_csv_opts;
struct fair_csv_info;
/* The reader on [data, data+len); @map (or NULL) is a private read-only
 * mapping of the same bytes whose pages may be released behind the parser. */
fair_frame *csv_parse_input(const char *data, size_t len, const char *label, const char *map,
                            const struct fair_csv_opts *o, struct fair_csv_info *info,
                            fair_error *err);

#endif
