/* expr-private.h -- internals shared by the expr-*.c files: the syntax tree,
 * the bound state and the evaluation program. Not installed. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_EXPR_PRIVATE_H
#define FAIRSH_EXPR_PRIVATE_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/buf.h"
#include "fairsh/expr.h"
#include "fairsh/frame.h"

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
	X_KEEPZERO   /* mask = 0 (a condition that is never true)           */
};
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
	char  **levels;         /* categorical result levels (borrowed from arena) */
	size_t  nlevels;
	char  **notes;
	size_t  nnotes;
	void  **arena;          /* allocations of the binding             */
	size_t  narena, carena;
};

/* expr-parse.c */
extern const char *const fair_xfunc_name[F_NFUNC];
size_t fair_xpos_column(const char *text, size_t off);    /* 1-based chars */
void   fair_xnode_free(xnode *n);

/* a fair_buf that remembers a failed append (rc != 0) and holds a C locale
 * for numbers; fair_xbuf_finish returns the string (caller frees) or NULL */
typedef struct xbuf {
	fair_buf b;
	int      rc;
	locale_t loc;
} xbuf;
void   fair_xbuf_init(xbuf *x);
char  *fair_xbuf_finish(xbuf *x);
void   fair_xputs(xbuf *x, const char *s);
void   fair_xputc(xbuf *x, char c);
void   fair_xadd(xbuf *x, const char *s, size_t n);
/* the shortest text that reads back as @v (inf as "inf") */
void   fair_xnumber(xbuf *x, double v);
/* Levenshtein distance ignoring ASCII case, capped at @cap+1. */
size_t fair_xdistance(const char *a, const char *b, size_t cap);
/* Quotes @s for messages: at most ~40 bytes, control bytes escaped. */
void   fair_xquote(char *out, size_t outlen, const char *s, size_t len);

/* expr-bind.c */
void   fair_xunbind(fair_expr *e);
void  *fair_xalloc(fair_expr *e, size_t size);     /* freed with the binding */

/* expr-eval.c */
/* The value of binary (X_ADD..X_COALN) or unary (X_NEG..X_ISNAN) @op on
 * scalars, exactly as the block kernels compute it (constant folding). */
double fair_xscalar(int op, double a, double b, double p);

#endif
