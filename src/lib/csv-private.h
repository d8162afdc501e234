/* csv-private.h -- internals shared by the csv-*.c files: number parsing with
 * a reusable C locale, string dictionaries, distinct counting. Not installed. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CSV_PRIVATE_H
#define FAIRSH_CSV_PRIVATE_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"

/* Number parser; *@loc is a lazily created C locale for the strtod fallback
 * (caller frees it with freelocale when not (locale_t)0). */
bool fair_csvi_parse_double(const char *s, size_t len, double *out, locale_t *loc);

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

void    fair_csvi_dict_init(csv_dict *d);
void    fair_csvi_dict_release(csv_dict *d);
/* Returns the code of @s (adding it), -1 when out of memory, -2 when full. */
int32_t fair_csvi_dict_intern(csv_dict *d, const char *s, size_t len);
static inline const char *fair_csvi_dict_str(const csv_dict *d, size_t k) { return d->arena + d->lv[k].off; }
/* Hands the levels out as malloc'd strings (array and strings); NULL on OOM. */
char  **fair_csvi_dict_levels(const csv_dict *d);

/* Number of distinct non-NaN values of @v (0.0 and -0.0 equal), -1 on OOM. */
long long fair_csvi_count_distinct(const double *v, size_t n);

/* Length of the valid UTF-8 sequence at @p (RFC 3629), 0 if invalid. */
size_t  fair_csvi_utf8_len(const unsigned char *p, const unsigned char *e);
/* The delimiter among , ; tab | that splits the first lines of [p, e) into
 * the same number (> 1) of fields, preferring more fields; ',' if none. */
char    fair_csvi_sniff(const char *p, const char *e);

struct fair_csv_opts;
struct fair_csv_info;
/* The reader on [data, data+len); @map (or NULL) is a private read-only
 * mapping of the same bytes whose pages may be released behind the parser. */
fair_frame *fair_csvi_parse_input(const char *data, size_t len, const char *label, const char *map,
                            const struct fair_csv_opts *o, struct fair_csv_info *info,
                            fair_error *err);

struct fair_zstream;
/* The reader on a decompressing stream (zread.h), parsing while it fills;
 * @step > 0 (testing) makes the parser take the input in windows of about
 * @step bytes. The stream stays the caller's. */
fair_frame *fair_csvi_parse_stream(struct fair_zstream *zs, size_t step, const char *label,
                                   const struct fair_csv_opts *o, struct fair_csv_info *info,
                                   fair_error *err);

/* Reads compressed input (@codec, zread.h) -- the @nhead bytes at @head,
 * then @fd to its end when @fd >= 0 -- decompressing while it parses. */
fair_frame *fair_csvi_read_z(int fd, const char *head, size_t nhead, int codec, const char *label,
                             const struct fair_csv_opts *o, struct fair_csv_info *info,
                             fair_error *err);
/* FAIR_EPARSE naming @label when the input is a compressed or archive
 * format that fairsh does not read, else FAIR_OK. */
int fair_csvi_foreign(const char *data, size_t len, const char *label, fair_error *err);

/* ---- reader state shared by csv.c and csv-frame.c ---- */

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
	/* compressed input (zread.h): the window [text, end) grows while the
	 * stream decompresses; partial = more input may follow end */
	struct fair_zstream *zs;
	const char *zbase;         /* start of the stream's buffer */
	bool        partial;
	size_t      zstep;         /* testing: grow the window by about this much */
	size_t      nl_total, nl_header, rows_lines;   /* '\n' in the window, in the header; rows estimated */
	fair_error *err;           /* points at local */
	fair_error  local;
} ctx;

int  fair_csvi_oom(ctx *c);
int  fair_csvi_intern(ctx *c, col_state *col, const char *s, size_t len, int32_t *code);
int  fair_csvi_flip(ctx *c, col_state *col, size_t row);
int  fair_csvi_run_rows(ctx *c, const char *p, bool refill, size_t limit);
/* Turns the parsed columns into a frame (caller unrefs); NULL on error. */
fair_frame *fair_csvi_build_frame(ctx *c);
/* Parses the rows from @rows in two threads when the input has no quotes;
 * returns FAIR_OK, an error, or -1 when the caller must parse serially. */
int  fair_csvi_run_rows_2(ctx *c, const char *rows);


#endif
