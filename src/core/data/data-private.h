/* data-private.h -- internals of the data layer (src/core/data) shared by
 * its files: number parsing with a reusable C locale, string dictionaries
 * and distinct counts of the CSV reader; messages, numbers and distinct
 * values of the data spec; the expression language's tree and program. */
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
#include "fairsh/expr.h"
#include "fairsh/spec.h"

/* A boolean column (see fair_column_new_bool) whose zeros @n0 and ones @n1
 * the caller has counted (the expression engine, while it writes them). */
fair_column *fair__data_column_new_bool(const char *name, unsigned char *bools, size_t n,
                                        size_t n0, size_t n1, fair_error *err);
/* A numeric column whose missing values @nmissing and distinct values
 * @ndistinct (or FAIR_NDISTINCT_MANY) the caller has counted. */
fair_column *fair__data_column_new_numeric_counted(const char *name, double *values, size_t n,
                                                   size_t ndistinct, size_t nmissing, fair_error *err);

/* ======================================================================== */
/* Internals shared by the csv-*.c files: number parsing with
 * a reusable C locale, string dictionaries, distinct counting. Not installed. */

/* Number parser; *@loc is a lazily created C locale for the strtod fallback
 * (caller frees it with freelocale when not (locale_t)0). */
bool fair__data_csv_parse_double(const char *s, size_t len, double *out, locale_t *loc);

/* A string -> code dictionary: levels in insertion order, strings stored
 * NUL-terminated in one arena. */
/* The memory a load needs per data row, measured (peak RSS of 10^6 to 10^7
 * rows, 2 to 40 columns, within 10%): the column buffers, 8 bytes per cell
 * (a categorical column's 4-byte codes fit), and the distinct counts of
 * the numeric columns, taken two at a time with 16 bytes per row each. The
 * input itself is released page by page as it is parsed. */
#define FAIR__DATA_CSV_ROW_BYTES(ncols) ((ncols) * sizeof(double) + 32)

typedef struct csv_level {
	size_t   off, len;
	uint64_t hash;
	uint64_t head;     /* first min(len, 8) bytes, zero-padded */
} csv_level;

#define FAIR__DATA_CSV_DCACHE 128

typedef struct csv_dict {
	char      *arena;
	size_t     alen, acap;
	csv_level *lv;
	size_t     n, cap;
	int32_t   *slots;      /* level index + 1, 0 = empty */
	size_t     mask;       /* number of slots - 1 */
	/* direct-mapped cache of short levels (1 to 8 bytes: their bytes,
	 * zero-padded to 8, and their length identify them): the reader's fast
	 * path, fair__data_csv_dict_short; len 0 = empty entry */
	struct { uint64_t head; uint32_t len; int32_t code; } cache[FAIR__DATA_CSV_DCACHE];
} csv_dict;

void    fair__data_csv_dict_init(csv_dict *d);
void    fair__data_csv_dict_release(csv_dict *d);
/* Returns the code of @s (adding it), -1 when out of memory, -2 when full. */
int32_t fair__data_csv_dict_intern(csv_dict *d, const char *s, size_t len);
static inline const char *fair__data_csv_dict_str(const csv_dict *d, size_t k) { return d->arena + d->lv[k].off; }
/* Hands the levels out as malloc'd strings (array and strings); NULL on OOM. */
char  **fair__data_csv_dict_levels(const csv_dict *d);

/* The code of the 1 to 8 byte string whose bytes, zero-padded, are @head
 * and whose length is @len, when the cache of @d has it; else -1. */
static inline int32_t
fair__data_csv_dict_short(const csv_dict *d, uint64_t head, size_t len)
{
	size_t k = (size_t)(((head ^ len) * UINT64_C(0x9E3779B97F4A7C15)) >> 57);
	return d->cache[k].len == len && d->cache[k].head == head ? d->cache[k].code : -1;
}

/* Number of distinct non-NaN values of @v (0.0 and -0.0 equal) when at most
 * @max (capped at 4,096), FAIR__DATA_CSV_ND_MANY when more, -1 on OOM. */
#define FAIR__DATA_CSV_ND_MANY (-2)
long long fair__data_csv_count_distinct(const double *v, size_t n, size_t max);

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
	bool      skip;       /* streaming: not wanted, fields not converted */
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
	size_t      memory_limit, estimate;   /* bytes; estimate grows by FAIR__DATA_CSV_ROW_BYTES per row */
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
	/* streaming (csv-stream.c): rows handed to a sink in chunks of
	 * rows_cap, the window's pages released behind the parser */
	int       (*sink)(struct ctx *c, size_t nrows);
	void       *sink_arg;
	size_t      nrows_total;   /* rows handed over so far */
	size_t      drop_nl;       /* '\n' in the released bytes (line numbers) */
	const char *cursor;        /* the parser's position */
	size_t      in_total;      /* bytes of the file (progress) */
	size_t      restart;       /* column + 1 that turned text after numbers were handed over */
	fair_error *err;           /* points at local */
	fair_error  local;
} ctx;

/* The passes of csv.c, in the order csv-load.c runs them. */
/* Checks [@from, end) for NUL bytes and invalid UTF-8; counts its '\n'. */
int    fair__data_csv_check_input(ctx *c, const char *from, size_t *nlines);
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
/* Streaming: hands rows [0, @nrows) of the wanted columns to the sink. */
int  fair__data_csv_flush(ctx *c, size_t nrows);
/* The streaming reader (csv-load.c): header and rows of @zs through
 * c->sink; @setup (may be NULL) adjusts the columns after the header. */
struct fair_csv_stream_req;
int  fair__data_csv_stream_parse(struct fair_zstream *zs, const char *label, const struct fair_csv_opts *o,
                                 int (*sink)(struct ctx *, size_t), void *arg,
                                 int (*setup)(struct ctx *, void *), struct fair_csv_info *info,
                                 size_t *restart, fair_error *err);
/* Turns the parsed columns into a frame (caller unrefs); NULL on error. */
fair_frame *fair__data_csv_build_frame(ctx *c);
/* Parses the rows from @rows in two threads when the input has no quotes;
 * returns FAIR_OK, an error, or -1 when the caller must parse serially. */
int  fair__data_csv_run_rows_2(ctx *c, const char *rows);

/* ---- compressed input (zread.c, zread.h) ---- */

/* A pass's answer when a record runs past the end of a streaming window. */
#define FAIR__DATA_CSV_MORE (-2)
/* Streaming: waits for more of the stream and moves the end of the window
 * on, by at least @more bytes when the input has them, to just after a '\n'
 * (or to the very end once the input is complete); checks the new bytes and
 * counts their lines as check_input does, and grows the row arrays. */
int  fair__data_csv_extend(ctx *c, size_t more);
struct fair_zstream;
/* The reader on a decompressing stream, parsing while it fills; @step > 0
 * (testing) makes it take the input in windows of about @step bytes. The
 * stream stays the caller's. */
fair_frame *fair__data_csv_parse_stream(struct fair_zstream *zs, size_t step, const char *label,
                                        const struct fair_csv_opts *o, struct fair_csv_info *info,
                                        fair_error *err);
/* Reads compressed input (@codec) -- the @nhead bytes at @head, then @fd to
 * its end when @fd >= 0 -- decompressing while it parses. */
fair_frame *fair__data_csv_read_z(int fd, const char *head, size_t nhead, int codec, const char *label,
                                  const struct fair_csv_opts *o, struct fair_csv_info *info,
                                  fair_error *err);
/* FAIR_EPARSE naming @label when the input is a compressed or archive
 * format that fairsh does not read, else FAIR_OK. */
int  fair__data_csv_foreign(const char *data, size_t len, const char *label, fair_error *err);

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
/* " (did you mean 'X'?)" naming the level of @c (the column of @f)
 * nearest to @word (fair_text_nearest), or "": in @buf, returned. */
const char *fair__data_spec_near_level(char *buf, size_t len, const fair_column *c, const char *word);
const char *fair__data_spec_near_column(char *buf, size_t len, const fair_frame *f, const char *word);
bool fair__data_spec_value_occurs(const fair_column *c, double x);
/* Levels that occur in categorical @c: used[k] set; returns how many. */
size_t fair__data_spec_used_levels(const fair_column *c, unsigned char *used);


/* ======================================================================== */
/* The expression language (expr-parse.c with expr-lex.c and expr-print.c,
 * expr-bind.c with expr-check.c, expr-compile.c and expr-emit.c,
 * expr-eval.c, expr-sql.c; public API in fairsh/expr.h): the syntax tree,
 * the bound state and the block program. */

/* rows per evaluation block: a few registers of this size stay in L2, and
 * each kernel streams a column for long enough to keep the hardware
 * prefetcher busy (1,024 was measurably slower) */
#define XBLOCK 4096

/* ---- syntax tree ---- */

enum xnode_kind {
	N_NUM,      /* num                                                  */
	N_STR,      /* str (len bytes, no NUL inside)                       */
	N_BOOL,     /* num = 0 or 1                                         */
	N_NA,       /* the missing value                                    */
	N_COL,      /* str = column name; col = index in fair_expr.colnames */
	N_NEG,      /* -kid[0]                                              */
	N_NOT,      /* not kid[0]                                           */
	N_BIN,      /* kid[0] op kid[1]                                     */
	N_IN,       /* kid[0] [not] in (kid[1], ...); flags & XF_NOT        */
	N_CALL,     /* op = function; kid = arguments (normalised, below)   */
	N_LIST,     /* (kid[0], kid[1], ...): literals only                 */
	N_PAIR,     /* recode mapping kid[0] = kid[1]; kid[0] literal/list  */
	N_NAMED     /* str = option name, kid[0] = value (recode else=)     */
};

enum xbin_op {
	B_OR, B_AND,
	B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
	B_ADD, B_SUB, B_MUL, B_DIV, B_MOD, B_POW
};

/* precedence, low to high */
enum xprec { P_OR = 1, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_UNARY, P_POW };

enum xfunc {
	F_ABS, F_CEIL, F_COALESCE, F_CUT, F_EXP, F_FLOOR, F_IF, F_ISNA, F_LOG,
	F_LOWER, F_MAX, F_MIN, F_RECODE, F_ROUND, F_SQRT, F_UPPER, F_NFUNC
};

/* N_IN: "not in"; N_CALL cut: right=false, include_lowest=true */
#define XF_NOT     1u
#define XF_LEFT    2u
#define XF_LOWEST  4u

/* Call nodes are normalised by the parser:
 *   cut:    kid[0] = x, kid[1] = N_LIST breaks, [kid[2] = N_LIST labels]
 *   recode: kid[0] = x, then N_PAIR mappings, [last: N_NAMED "else"]
 *   others: kid = positional arguments */

enum xtype { T_NONE = 0, T_NUM, T_BOOL, T_CAT, T_NA };

typedef struct xnode {
	uint8_t  kind, op, flags;
	uint8_t  type;          /* enum xtype, set by binding             */
	uint32_t pos;           /* byte offset of the node's token        */
	uint32_t depth;         /* 1 + depth of the deepest child         */
	uint32_t need;          /* registers to evaluate it (binding)     */
	double   num;
	char    *str;
	size_t   len;           /* bytes of str                           */
	size_t   col;           /* N_COL: index into fair_expr.colnames   */
	struct xnode **kid;
	size_t   nkid;
} xnode;

/* ---- evaluation program ---- */

/* Operations of the program. Binary ones come in three variants (vector
 * with vector, vector with scalar, scalar with vector); booleans are 0/1
 * and NaN for missing; categorical values in registers are level codes as
 * doubles with -1 for missing. */
enum xop {
	X_ADD, X_SUB, X_MUL, X_DIV, X_MOD, X_POW, X_MIN, X_MAX,
	X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE, X_AND, X_OR, X_COALN,
	X_NBIN,
	/* unary, vector only */
	X_NEG = X_NBIN, X_NOT, X_TRUTH, X_ABS, X_LOG, X_EXP, X_SQRT, X_FLOOR, X_CEIL,
	X_ROUND,     /* p = digits                                          */
	X_ISNAN,
	X_NUNARY,
	X_GATHER = X_NUNARY, /* a = codes in a register: tab[code + 1]       */
	X_GATHERI,   /* a = categorical column slot: tab[code + 1]          */
	X_IN,        /* a in sorted tab[0..ntab); flags XF_NOT              */
	X_CUT,       /* bins of a by breaks tab; tab2[count]; flags XF_LEFT/XF_LOWEST:
	              * a == p gives q (the closed outer edge)              */
	X_RECODE,    /* a among sorted keys tab -> tab2; else p (flags RC_KEEP:
	              * a itself); missing a -> q                            */
	X_IFN,       /* a ? b : c, NaN when a is missing                     */
	X_IFC,       /* same, -1 when a is missing (codes)                   */
	X_COALC,     /* a < 0 ? b : a (codes)                                */
	/* the filter program: they update the block's row mask, no register */
	X_KEEP,      /* mask &= a is true (not 0, not missing)               */
	X_KEEPCMP,   /* mask &= a OP b, OP = flags (X_EQ..X_GE), var as binary */
	X_KEEPZERO,  /* mask = 0 (a condition that is never true)           */
	/* the condition program: byte registers in Kleene order, 0 false,
	 * 1 missing, 2 true, so 'and' is min, 'or' max and 'not' 2 - a */
	X_BCMP,      /* a OP b as a byte, OP = flags (X_EQ..X_GE), var as binary */
	X_BAND,      /* min(a, b); var 1: b is the byte p                     */
	X_BOR,       /* max(a, b); var 1: b is the byte p                     */
	X_BNOT,      /* 2 - a                                                */
	X_BFROM,     /* a register of 0/1/NaN doubles as bytes                */
	X_BCMP2      /* (a OP1 p) and/or (b OP2 q) in one pass, a and b vectors:
	              * flags = OP1 - X_EQ | (OP2 - X_EQ) << 4 | XF_BOR       */
};
#define XF_BOR 0x100
/* expr-bind.c: fuse 'and'/'or' of two comparisons (true; tests compare) */
extern bool fair__data_expr_fuse;
#define RC_KEEP 1

/* operand kinds */
enum { A_NONE, A_CONST, A_REG, A_NCOL, A_CCOL, A_CBLK };

typedef struct xarg {
	int    kind;
	size_t idx;             /* register, slot or constant block       */
	double c;               /* A_CONST value                          */
} xarg;

typedef struct xins {
	int     op;             /* enum xop (expr-eval.c)                 */
	int     var;            /* 0 vector-vector, 1 vector-scalar, 2 scalar-vector */
	size_t  dst;            /* register                               */
	xarg    a, b, c;
	const double *tab;      /* gather tables, list items, cut breaks  */
	size_t  ntab;
	const double *tab2;     /* cut: label per bin count; recode values */
	size_t  ntab2;
	double  p, q;           /* round digits; cut edge; recode else/missing */
	int     flags;
} xins;

typedef struct xprog {
	xins   *ins;
	size_t  nins, cap;
	size_t  nregs;          /* block registers (the root is one of them) */
	double *cblk;           /* values of the constant blocks          */
	size_t  ncblk;
	size_t  nslots;         /* column slots: one per column used      */
	size_t *slot_col;       /* slot -> index into fair_expr.cols      */
	bool   *slot_codes;     /* slot holds categorical codes           */
	xarg    root;           /* the result operand                     */
	const int32_t *root_map;   /* A_CCOL root: code + 1 -> level (NULL: same) */
} xprog;

struct fair_expr {
	char   *text;
	size_t  len;
	xnode  *root;
	char  **colnames;       /* distinct names, order of first use     */
	size_t *colpos;         /* byte offset of each name's first use   */
	size_t  ncols;
	/* binding */
	int     bound;          /* 0 none, 1 types, 2 data                */
	int     type;           /* enum xtype of the root                 */
	fair_coltype *coltypes; /* ncols                                  */
	fair_column **cols;     /* ncols (data binding; counted refs)     */
	size_t  nrows;
	xprog   prog;           /* the value of every row                 */
	xprog   fprog;          /* a filter: the top-level 'and' chain as
	                         * updates of the row mask (not categorical) */
	xprog   bprog;          /* a condition's value as bytes (T_BOOL only):
	                         * what derive stores, one byte a row      */
	char  **levels;         /* categorical result levels (borrowed from arena) */
	size_t  nlevels;
	char  **notes;
	size_t  nnotes;
	void  **arena;          /* allocations of the binding             */
	size_t  narena, carena;
};

/* expr-parse.c: the functions' names; expr-lex.c: positions, freeing a tree */
extern const char *const fair__data_expr_func_name[F_NFUNC];
size_t fair__data_expr_pos(const char *text, size_t off);    /* 1-based chars */
void   fair__data_expr_node_free(xnode *n);

/* expr-print.c: a fair_buf that remembers a failed append (rc != 0) and holds a C locale
 * for numbers; fair__data_xbuf_finish returns the string (caller frees) or NULL */
typedef struct xbuf {
	fair_buf b;
	int      rc;
	locale_t loc;
} xbuf;
void   fair__data_xbuf_init(xbuf *x);
char  *fair__data_xbuf_finish(xbuf *x);
void   fair__data_xputs(xbuf *x, const char *s);
void   fair__data_xputc(xbuf *x, char c);
void   fair__data_xadd(xbuf *x, const char *s, size_t n);
/* the shortest text that reads back as @v (inf as "inf") */
void   fair__data_xnumber(xbuf *x, double v);
/* expr-lex.c: Levenshtein distance ignoring ASCII case, capped at @cap+1. */
size_t fair__data_expr_distance(const char *a, const char *b, size_t cap);
/* Quotes @s for messages: at most ~40 bytes, control bytes escaped. */
void   fair__data_expr_quote(char *out, size_t outlen, const char *s, size_t len);

/* Frees the binding of @e (expr-parse.c, used by expr-bind.c too). */
void   fair__data_expr_unbind(fair_expr *e);

/* expr-eval.c */
/* The value of binary (X_ADD..X_COALN) or unary (X_NEG..X_ISNAN) @op on
 * scalars, exactly as the block kernels compute it (constant folding). */
double fair__data_expr_scalar(int op, double a, double b, double p);

/* What an evaluation writes: doubles, level codes, the row mask (a
 * filter), or the bytes of a condition (0, 1, FAIR_BOOL_MISSING). */
enum { XR_VALUES, XR_CODES, XR_KEEP, XR_BOOL };

/* The distinct values of a numeric result, tracked while it is written
 * (an open-addressing set of their bits, up to XDIST_MAX), its missing
 * values, and the zeros and ones of a condition. */
#define XDIST_BITS  13
#define XDIST_SLOTS (1 << XDIST_BITS)
#define XDIST_MAX   (XDIST_SLOTS / 2)
typedef struct xdist {
	uint64_t key[XDIST_SLOTS];
	bool     used[XDIST_SLOTS];
	size_t   n;
	bool     over;            /* more than XDIST_MAX: counted when first asked */
	size_t   nnan;            /* missing values of a numeric result      */
	size_t   n0, n1;          /* a condition's zeros and ones            */
} xdist;

/* Runs @e's program (mode XR_*) over rows [@lo, @hi) of the evaluation
 * (@lo a multiple of XBLOCK; @rows, @dst and the mask are indexed from 0
 * as for the whole): the part of one thread (expr-run.c). @dist (XR_VALUES
 * of a numeric result, XR_BOOL) and @nkept (XR_KEEP) are this part's. */
int fair__data_expr_run(const fair_expr *e, const size_t *rows, size_t lo, size_t hi, int mode,
                        void *dst, xdist *dist, size_t *nkept, fair_error *err);
/* Adds what @from tracked to @d (the parts of one evaluation). */
void fair__data_expr_dist_merge(xdist *d, const xdist *from);

/* expr-run.c: evaluations of at least fair__data_expr_par_rows rows are
 * shared by two threads in chunks of fair__data_expr_chunk_rows (a
 * multiple of XBLOCK); the tests lower both to cover the sharing */
extern size_t fair__data_expr_par_rows;
extern size_t fair__data_expr_chunk_rows;

/* ======================================================================== */
/* Database sources (db.c, db-sqlite.c, db-pg.c): the connection, and a
 * builder that turns streamed cells into frame columns. */
#include "fairsh/db.h"

struct fair_db {
	fair_db_kind kind;
	char        *display;     /* the source, password hidden */
	void        *h;           /* sqlite3 * or PGconn *        */
};

enum { DBK_ANY = 0, DBK_NUM = 1, DBK_BOOL = 2, DBK_TEXT = 3 };

typedef struct dbcol {
	char     *name;
	int       kind;           /* DBK_*: what the SQL type says          */
	bool      cat;            /* holds codes (else values)              */
	double   *vals;
	int32_t  *codes;
	csv_dict  dict;
} dbcol;

typedef struct dbread {
	dbcol      *cols;
	size_t      ncols, nrows, cap, ninf;
	locale_t    loc;
	fair_error *err;
	size_t      limit;        /* stop after this many rows (0: all) */
} dbread;

int  fair__data_db_begin(dbread *r, size_t ncols, fair_error *err);
int  fair__data_db_column(dbread *r, size_t j, const char *name, int kind);
/* makes room for row r->nrows; the caller sets every cell, then nrows++ */
int  fair__data_db_row(dbread *r);
void fair__data_db_null(dbread *r, size_t j);
int  fair__data_db_num(dbread *r, size_t j, double v);
int  fair__data_db_text(dbread *r, size_t j, const char *s, size_t len);
fair_frame *fair__data_db_finish(dbread *r);
void fair__data_db_release(dbread *r);

/* backends: the query fills @r (NULL: run a statement, keep no rows) */
int  fair__data_sqlite_open(fair_db *db, const char *file, bool create, fair_error *err);
void fair__data_sqlite_close(fair_db *db);
int  fair__data_sqlite_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams,
                             dbread *r, fair_progress *prog, fair_error *err);
int  fair__data_sqlite_write(fair_db *db, const char *table, const fair_frame *f, bool replace,
                             fair_progress *prog, fair_error *err);
int  fair__data_pg_open(fair_db *db, const char *conninfo, fair_error *err);
void fair__data_pg_close(fair_db *db);
int  fair__data_pg_query(fair_db *db, const char *sql, const fair_sql_param *params, size_t nparams,
                         dbread *r, fair_progress *prog, fair_error *err);
int  fair__data_pg_write(fair_db *db, const char *table, const fair_frame *f, bool replace,
                         fair_progress *prog, fair_error *err);
/* CREATE TABLE "t" ("a" NUMTYPE, "b" text, ...) into @b */
int  fair__data_db_create_sql(struct fair_buf *b, const char *table, const fair_frame *f, const char *numtype);
/* The start of every export, in the backend's open transaction: refuses an
 * existing @table unless @replace (FAIR_EINVAL), drops it, and creates it
 * for the columns of @f (numbers as @numtype); @exec runs one statement. */
int  fair__data_db_create_table(fair_db *db, const char *table, const fair_frame *f, bool exists,
                                bool replace, const char *numtype,
                                int (*exec)(fair_db *db, const char *sql, fair_error *err),
                                fair_error *err);

/* ======================================================================== */
/* Counting a streamed source (public API in fairsh/stream.h):
 * stream-setup.c makes a counter from a set-up and drives a file through
 * it, stream-count.c counts the chunks and builds the frame of counts,
 * stream-order.c orders text values as a loaded session does. */

/* The order of a streamed column's text values: a list in order and a hash
 * of its strings (index + 1, 0 = empty). */
typedef struct fair__data_ranks {
	char  **lv;
	size_t  n, cap;
	size_t *slot, mask;
} fair__data_ranks;

/* FNV-1a of the @n bytes at @s (the hash tables of the counting). */
uint64_t fair__data_str_hash(const char *s, size_t n);
void fair__data_ranks_clear(fair__data_ranks *r);
/* The place of @s (length @n) among the values; -1 when unknown. */
long fair__data_ranks_find(const fair__data_ranks *r, const char *s, size_t n);
/* Adds @s after the value at @after (-1: first) unless known; its place in
 * *@at. Nonzero when out of memory. */
int  fair__data_ranks_add(fair__data_ranks *r, const char *s, long after, long *at);
/* The levels of a chunk's text column @c, in their order, into @r.
 * Nonzero when out of memory. */
int  fair__data_ranks_merge(fair__data_ranks *r, const fair_column *c);

/* How a key column is counted: as it is, cut at x into 0/1 (target,
 * pred), labelled "c<=x" / "c>x" (a numeric sensitive column), or a score
 * cut at x into 1/0 (>= x, or <= x when lower). */
enum { STREAM_K_RAW, STREAM_K_CUT01, STREAM_K_LABEL, STREAM_K_SCORE };
#define STREAM_MAX_KEYS 64

typedef struct stream_keycol {
	const char      *name;
	int              how;
	double           x;
	bool             lower;
	char             hi[400], lo[400];
	int              type;   /* of the counted value: -1 not seen yet */
	fair__data_ranks rk;     /* text values: their order */
} stream_keycol;

struct fair_stream_counter {
	stream_keycol k[STREAM_MAX_KEYS];
	size_t        nk;
	const char   *weight;
	fair_expr   **derived;       /* parsed once, bound to each chunk */
	char *const  *dnames;
	size_t        nd;
	fair_expr   **filters;
	size_t        nf;
	char        **cols;          /* the columns read from the source */
	size_t        ncols;
	/* combinations: key bytes, counts */
	char        **keys;
	size_t       *klen;
	double       *cnt, *wsum, *w2;
	size_t        n, cap;
	size_t       *slots, mask;   /* index + 1, 0 = empty */
	fair_buf      kb;
	size_t        rows;          /* rows read */
};

/* Sets the order of key column @k to its start (a labelled column: "<="
 * before ">"); nonzero when out of memory. */
int  fair__data_stream_preset(stream_keycol *k);
/* Frees what the counts hold (not the expressions and columns). */
void fair__data_stream_release(struct fair_stream_counter *g);

#endif
