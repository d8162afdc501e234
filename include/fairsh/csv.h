/* csv.h -- the CSV/TSV reader and writer of the data engine: RFC 4180 text
 * into a fair_frame (numeric or dictionary-encoded categorical columns) and
 * back. Formatting of tables for people lives in src/out, not here. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CSV_H
#define FAIRSH_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/progress.h"

/* Largest number of columns fair_csv_read accepts. */
#define FAIR_CSV_MAX_COLS 16384

typedef struct fair_csv_opts {
	char delim;            /* 0 = sniff among ',' ';' '\t' '|' from the first lines; else forced */
	const char *na;        /* comma-separated missing-value tokens REPLACING the defaults;
	                          NULL = defaults (empty field, NA, N/A, ?, NaN). The empty
	                          field is always missing. */
	bool skip_bad;         /* ragged rows: false = error, true = skip and count them */
	size_t memory_limit;   /* bytes; 0 = none; an estimate above it is a FAIR_ENOMEM error */
	fair_progress *prog;   /* may be NULL; cancellation -> FAIR_ECANCELED; iter = bytes done */
} fair_csv_opts;

typedef struct fair_csv_info {
	size_t nrows, ncols, nskipped;   /* nskipped: ragged rows skipped with skip_bad */
	size_t first_skipped_line;       /* 1-based line of the first skipped row, 0 if none */
	size_t ninf;                     /* infinite values turned into missing (numeric columns) */
	char delim;                      /* delimiter used */
} fair_csv_info;

/* Sets @o to the defaults: sniff the delimiter, default missing tokens,
 * ragged rows are errors, no memory limit, no progress record. */
void fair_csv_opts_init(fair_csv_opts *o);

/* Reads the CSV file @path into a new frame (caller unrefs); @o may be NULL
 * (defaults), @info may be NULL. Rules (man page, section "load"):
 *  - RFC 4180: fields may be quoted with '"'; quoted fields may hold the
 *    delimiter, newlines and doubled quotes (""). LF or CRLF line ends; a
 *    UTF-8 byte order mark is skipped; the input must be valid UTF-8.
 *  - the first non-empty line is the header; an empty header name becomes
 *    "V<column number>" (1-based); duplicate names are an error. Completely
 *    empty lines are skipped. At most FAIR_CSV_MAX_COLS columns.
 *  - spaces and tabs around unquoted fields are trimmed; quoted fields are
 *    kept verbatim. An unquoted field equal to a missing token is missing; an
 *    empty field (quoted or not) is always missing.
 *  - a column is numeric when every non-missing field is a decimal number
 *    ([+-]digits[.digits][e[+-]digits], also inf/infinity/nan in any case);
 *    infinities become missing (counted in info->ninf), nan is missing. Any
 *    other column is categorical, levels in order of first appearance, with
 *    their text as written. A column with no values at all is numeric.
 * Errors: FAIR_EIO (cannot open/read, a directory), FAIR_EPARSE (empty file,
 * header only, ragged row, invalid UTF-8, NUL byte, bad quoting, duplicate
 * name, too many columns), FAIR_ENOMEM (out of memory, memory_limit),
 * FAIR_ECANCELED. Messages name "file:line[:col]" (physical lines, columns
 * in characters, both 1-based). Numbers are bit-identical to strtod's. */
fair_frame *fair_csv_read(const char *path, const fair_csv_opts *o, fair_csv_info *info,
                          fair_error *err);

/* Same as fair_csv_read on the @len bytes at @data (borrowed, need not be
 * NUL-terminated); @label names the input in messages. */
fair_frame *fair_csv_parse(const char *data, size_t len, const char *label,
                           const fair_csv_opts *o, fair_csv_info *info, fair_error *err);

/* Streaming: what fair_csv_stream hands over. @chunk (borrowed for the
 * call) holds the next rows of the wanted columns, in file order; NULL
 * means "start over": a wanted column turned out to be text after numbers
 * were handed over, and the file is read again from its first row with
 * that column categorical. Returns FAIR_OK to go on, or an error code (with
 * @err set) that stops the reading and is returned by fair_csv_stream. */
typedef int (*fair_csv_sink)(void *arg, const fair_frame *chunk, fair_error *err);

/* Reads the CSV file @path (plain, or gzip/xz/zstd compressed) in one pass
 * with constant memory, handing the rows of the columns @cols (@ncols
 * names; NULL = all) to @sink in chunks of about 65,536 rows. Same rules,
 * types and errors as fair_csv_read, except: a column's type is the type
 * the whole file gives it (a column that turns text after numbers is read
 * again, see fair_csv_sink); columns not wanted are split but not
 * converted; memory_limit does not apply; errors name file:line as usual.
 * @o->prog records the file's bytes read and cancels (FAIR_ECANCELED).
 * FAIR_ENOTFOUND names a wanted column the header does not have. */
int fair_csv_stream(const char *path, const fair_csv_opts *o, const char *const *cols, size_t ncols,
                    fair_csv_sink sink, void *arg, fair_csv_info *info, fair_error *err);

/* Writes @f as RFC 4180 CSV with a header line and LF line ends: fields are
 * quoted only when needed (delimiter, quote, CR/LF, surrounding spaces or a
 * default missing token as text), missing cells are empty, numbers use the
 * shortest of %.15g/%.16g/%.17g that reads back to the same double (C locale).
 * Writes a temporary file next to @path, fsyncs it and renames it over @path,
 * so @path is either the old file or the complete new one.
 * Errors: FAIR_EIO naming the path and strerror. */
int fair_csv_write(const fair_frame *f, const char *path, fair_error *err);

/* Parses exactly the @len bytes at @s as a decimal number with the syntax
 * above (no surrounding spaces, no hex); stores it in *@out and returns true,
 * or returns false. The value is bit-identical to strtod's in the C locale
 * (exact fast path for short mantissas, strtod otherwise). */
bool fair_csv_parse_double(const char *s, size_t len, double *out);

#endif
