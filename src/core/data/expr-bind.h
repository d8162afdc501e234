/* expr-bind.h -- what the files of the expression binder share: its state
 * and compiled values. The files call down only: expr-bind.c (binding and
 * the filter and condition programs) calls expr-check.c (types) and
 * expr-compile.c (the value program), and all of them the tools of
 * expr-emit.c (errors, notes, memory, string sets, registers, instructions,
 * level tables). Names are fair__data_bind_*. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_EXPR_BIND_H
#define FAIRSH_EXPR_BIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "data/data-private.h"

#define MAX_NOTES 8               /* notes kept per expression */

typedef struct binder {
	fair_expr  *e;
	fair_error *err;
	bool        failed;
	int         code;         /* the error's status                    */
	bool        data;         /* compiling for evaluation              */
	bool        quiet;        /* no notes (the second program)         */
	xprog      *P;            /* the program being compiled            */
	size_t     *freeregs;     /* free register stack                   */
	size_t      nfree;
	char     ***collv;        /* levels of each categorical column     */
	size_t     *colnlv;
	size_t     *colslot;      /* slot + 1 of each column, 0 = none yet */
} binder;

/* a compiled value */
typedef struct cval {
	int     kind;             /* A_CONST, A_REG, A_NCOL, A_CCOL        */
	size_t  idx;
	double  c;                /* number, or code (-1 = missing)        */
	const int32_t *map1;      /* A_CCOL: code + 1 -> level; NULL = same */
	char  **lv;               /* categorical: levels (borrowed)        */
	size_t  nlv;
} cval;

typedef struct strset {
	const char **s;
	size_t       n, cap;
	size_t      *slot;        /* index + 1 */
	size_t       mask;
} strset;

/* expr-emit.c: the first error wins (position @off in the text); notes
 * (a few, none when quiet); memory freed with the expression; string sets */
int fair__data_bind_berr(binder *B, size_t off, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
int fair__data_bind_nomem(binder *B);
void *fair__data_bind_balloc(binder *B, size_t n, size_t size);
void fair__data_bind_note(binder *B, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
void fair__data_bind_strset_release(strset *t);
long fair__data_bind_strset_find(const strset *t, const char *s);
long fair__data_bind_strset_add(strset *t, const char *s);

/* expr-emit.c: registers, instructions and compiled values */
void fair__data_bind_drop(binder *B, const cval *v);
xins *fair__data_bind_emit(binder *B, int op);
xarg fair__data_bind_arg_of(const cval *v);
int fair__data_bind_vec_arg(binder *B, const cval *v, xarg *a);
cval fair__data_bind_cconst(double c);
cval fair__data_bind_result(binder *B, xins *in, const cval *a, const cval *b, const cval *c);
int fair__data_bind_unop(binder *B, int op, const cval *x, double p, cval *out);
int fair__data_bind_binop(binder *B, int op, const cval *x, const cval *y, cval *out);

/* expr-emit.c: categorical values as per-level tables, level maps, unions */
int fair__data_bind_apply_table(binder *B, const cval *v, const double *T, double Tna,
                                cval *out);
int fair__data_bind_map_cat(binder *B, const cval *v, const int32_t *f, int32_t fna, char **lv,
                            size_t nlv, cval *out);
int fair__data_bind_materialize(binder *B, const cval *v, xarg *a);
int fair__data_bind_lv_union(binder *B, const cval *a, const cval *b, char ***lv, size_t *nlv,
                             int32_t **fa, int32_t **fb);
void fair__data_bind_level_hint(binder *B, const xnode *col, const cval *v, const char *s,
                                size_t pos);

/* expr-check.c: types every node of the tree (n->type, n->need) */
int fair__data_bind_check(binder *B, xnode *n);

/* expr-compile.c: the value of a node; of two (the one needing more
 * registers first); of a node as a condition (numbers true when not 0) */
int fair__data_bind_gen(binder *B, const xnode *n, cval *out);
int fair__data_bind_gen2(binder *B, const xnode *a, const xnode *b, cval *va, cval *vb);
int fair__data_bind_gen_bool(binder *B, const xnode *n, cval *out);

#endif
