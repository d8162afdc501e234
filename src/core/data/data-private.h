/* data-private.h -- internals of the data layer (src/core/data) shared by
 * its files: number parsing with a reusable C locale, string dictionaries
 * and distinct counts of the CSV reader; messages, numbers and distinct
 * values of the data spec. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DATA_PRIVATE_H
#define FAIRSH_DATA_PRIVATE_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"

/* ======================================================================== */
/* Internals shared by the csv-*.c files: number parsing with
 * a reusable C locale, string dictionaries, distinct counting. Not installed. */

/* Number parser; *@loc is a lazily created C locale for the strtod fallback
 * (caller frees it with freelocale when not (locale_t)0). */
bool fair__data_csv_parse_double(const char *s, size_t len, double *out, locale_t *loc);

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

void    fair__data_csv_dict_init(csv_dict *d);
void    fair__data_csv_dict_release(csv_dict *d);
/* Returns the code of @s (adding it), -1 when out of memory, -2 when full. */
int32_t fair__data_csv_dict_intern(csv_dict *d, const char *s, size_t len);
static inline const char *fair__data_csv_dict_str(const csv_dict *d, size_t k) { return d->arena + d->lv[k].off; }
/* Hands the levels out as malloc'd strings (array and strings); NULL on OOM. */
char  **fair__data_csv_dict_levels(const csv_dict *d);

/* Number of distinct non-NaN values of @v (0.0 and -0.0 equal), -1 on OOM. */
long long fair__data_csv_count_distinct(const double *v, size_t n);

/* Length of the valid UTF-8 sequence at @p (RFC 3629), 0 if invalid. */
size_t  fair__data_csv_utf8_len(const unsigned char *p, const unsigned char *e);
/* The delimiter among , ; tab | that splits the first lines of [p, e) into
 * the same number (> 1) of fields, preferring more fields; ',' if none. */
char    fair__data_csv_sniff(const char *p, const char *e);

struct fair_csv_opts;
struct fair_csv_info;
/* The reader on [data, data+len); @map (or NULL) is a private read-only
 * mapping of the same bytes whose pages may be released behind the parser. */
fair_frame *fair__data_csv_parse_input(const char *data, size_t len, const char *label, const char *map,
                            const struct fair_csv_opts *o, struct fair_csv_info *info,
                            fair_error *err);

/* ---- reader state shared by csv.c, csv-frame.c and csv-load.c ---- */

typedef struct span {
	const char *p;
	size_t      len;
	size_t      soff;     /* offset in scratch when esc */
	bool        quoted, esc;
} span;

typedef struct col_state {
	char     *name;
	bool      cat;        /* categorical (else still numeric) */
	bool      refill;     /* rows before flip_row hold parsed text to re-read */
	double   *vals;
	int32_t  *codes;
	size_t    nparsed;    /* fields parsed as numbers while numeric */
	size_t    flip_row;
	size_t    ninf;
	csv_dict  dict;
} col_state;

typedef struct ctx {
	const char *label;
	const char *text, *end;    /* input after the BOM */
	const char *last_nl;       /* last '\n' of the input, or NULL */
	char        delim;
	unsigned char stop[256];   /* delim and '\n' */
	unsigned char ws[256];     /* trimmed around unquoted fields */
	char       *nabuf;         /* missing tokens, NUL-separated copy */
	const char *na[64];
	size_t      nalen[64], nna, namax;
	unsigned char nafirst[256];
	bool        skip_bad;
	size_t      memory_limit, estimate;
	fair_progress *prog;
	/* mapped input that may be released behind the cursor */
	const char *map;
	size_t      dropped;
	/* parse state */
	size_t      ncols;
	col_state  *cols;
	span       *sp;
	size_t      spcap;
	char       *scratch;
	size_t      slen, scap;
	size_t      rows_cap, nrows, nskipped, first_skipped_line;
	locale_t    loc;
	bool        has_quote;     /* a '"' occurs somewhere in the input */
	bool        worker;        /* second thread: polls cancel, reports no progress */
	fair_error *err;           /* points at local */
	fair_error  local;
} ctx;

/* The passes of csv.c, in the order csv-load.c runs them. */
int    fair__data_csv_check_input(ctx *c, size_t *nlines);
int    fair__data_csv_read_header(ctx *c, const char **pp);
int    fair__data_csv_refill_columns(ctx *c, const char *rows);
/* Progress up to @p, releasing mapped input behind it; FAIR_ECANCELED. */
int    fair__data_csv_progress(ctx *c, const char *p);
/* Bytes in MB (2^20), rounded to nearest, at least 1. */
size_t fair__data_csv_mb(size_t bytes);
/* Asks for transparent huge pages on a big output array (advice only). */
void   fair__data_csv_huge(void *p, size_t bytes);
int  fair__data_csv_oom(ctx *c);
int  fair__data_csv_intern(ctx *c, col_state *col, const char *s, size_t len, int32_t *code);
int  fair__data_csv_flip(ctx *c, col_state *col, size_t row);
int  fair__data_csv_run_rows(ctx *c, const char *p, bool refill, size_t limit);
/* Turns the parsed columns into a frame (caller unrefs); NULL on error. */
fair_frame *fair__data_csv_build_frame(ctx *c);
/* Parses the rows from @rows in two threads when the input has no quotes;
 * returns FAIR_OK, an error, or -1 when the caller must parse serially. */
int  fair__data_csv_run_rows_2(ctx *c, const char *rows);

/* ======================================================================== */
/* Helpers shared by spec.c (target, groups) and
 * spec-rows.c (filters, split, features). Not installed. */

#define LIST_MAX 10     /* names listed in an error message */
#define GROUPS_MAX_DISTINCT 20
#define DENSE_RADIX_MAX (UINT64_C(1) << 20)   /* group combinations counted densely */
int fair__data_spec_nomem(fair_error *err);
int fair__data_spec_cmp_double(const void *a, const void *b);
char * fair__data_spec_strndup_trim(const char *s, size_t len);
bool fair__data_spec_parse_number(const char *s, double *out);
void fair__data_spec_list_columns(fair_buf *b, const fair_frame *f);
int fair__data_spec_unknown_column(fair_error *err, const fair_frame *f, const char *name);
double * fair__data_spec_distinct_values(const fair_column *c, size_t *nd);
void fair__data_spec_list_levels(fair_buf *b, const fair_column *c);
bool fair__data_spec_value_occurs(const fair_column *c, double x);

#endif
