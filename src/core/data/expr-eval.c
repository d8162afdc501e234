/* expr-eval.c -- runs a bound expression's program over blocks of XBLOCK
 * rows: one pass, no per-row allocation or tree walk; each operation is a
 * fixed-length loop over block registers (vectorised by the compiler).
 * Columns are read in place (or gathered for a row subset), the result is
 * written straight into the output column. The front doors, which split
 * big evaluations between two threads, are in expr-run.c. */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base-private.h"   /* FAIR_CLONES: AVX2 and baseline kernels */
#include "data/data-private.h"

#define LOOP for (size_t i = 0; i < XBLOCK; i++)

/* ---- scalar operations (the single definition of each semantics) ---- */

/* a column never holds an infinite value: it becomes missing */
static inline double fin(double x) { return fabs(x) <= DBL_MAX ? x : NAN; }

static inline double k_add(double a, double b) { return fin(a + b); }
static inline double k_sub(double a, double b) { return fin(a - b); }
static inline double k_mul(double a, double b) { return fin(a * b); }
static inline double k_div(double a, double b) { return fin(a / b); }

/* numpy's floor modulo (np.mod): the result has the divisor's sign */
static inline double
k_mod(double a, double b)
{
	double m;

	if (a != a || b != b || b == 0)
		return NAN;
	m = fmod(a, b);
	if (m != 0) {
		if ((b < 0) != (m < 0))
			m += b;
	} else {
		m = copysign(0.0, b);
	}
	return fin(m);
}

/* The kernels below evaluate every comparison and operation without a
 * condition and only select between the results: a comparison done only
 * when another is true ('a == a && a < b') is a branch the compiler may not
 * turn into vector code (an ordered comparison can raise an FP exception),
 * and on random data the branch is mispredicted half of the time. */

/* missing in, missing out (C's pow(NaN, 0) is 1) */
static inline double
k_pow(double a, double b)
{
	return ((a != a) | (b != b)) ? NAN : fin(pow(a, b));
}

static inline double
k_min(double a, double b)
{
	int un = (a != a) | (b != b);
	double m = a < b ? a : b;
	return un ? NAN : fin(m);
}

static inline double
k_max(double a, double b)
{
	int un = (a != a) | (b != b);
	double m = a > b ? a : b;
	return un ? NAN : fin(m);
}

#define CMP(name, op) \
	static inline double name(double a, double b) \
	{ \
		int ok = (a == a) & (b == b); \
		double r = (double)(a op b); \
		return ok ? r : NAN; \
	}
CMP(k_eq, ==) CMP(k_ne, !=) CMP(k_lt, <) CMP(k_le, <=) CMP(k_gt, >) CMP(k_ge, >=)

/* Kleene logic on {0, 1, NaN} is min (and) and max (or) over the order
 * false < missing < true: missing is 0.5 while comparing. (A form such as
 * 'a == 0 ? 0 : a * b' is compiled to a branch around the multiply.) */
static inline double
k_and(double a, double b)
{
	double x = a == a ? a : 0.5, y = b == b ? b : 0.5;
	double m = x < y ? x : y;
	return m == 0.5 ? NAN : m;
}

static inline double
k_or(double a, double b)
{
	double x = a == a ? a : 0.5, y = b == b ? b : 0.5;
	double m = x > y ? x : y;
	return m == 0.5 ? NAN : m;
}

static inline double k_coaln(double a, double b) { return fin(a == a ? a : b); }

static inline double k_neg(double a) { return fin(-a); }
static inline double k_not(double a) { return 1 - a; }
static inline double
k_truth(double a)
{
	double t = (double)(a != 0);
	return a == a ? t : NAN;
}
static inline double k_abs(double a) { return fin(fabs(a)); }
static inline double k_log(double a) { return fin(log(a)); }
static inline double k_exp(double a) { return fin(exp(a)); }
static inline double k_sqrt(double a) { return fin(sqrt(a)); }
static inline double k_floor(double a) { return fin(floor(a)); }
static inline double k_ceil(double a) { return fin(ceil(a)); }
static inline double k_isnan(double a) { return a != a; }

/* numpy's round(x, d): rint(x * 10^d) / 10^d, halves to even */
static inline double
k_round(double a, double f, bool neg)
{
	double y = neg ? a / f : a * f;

	if (isinf(y))
		return a;
	return neg ? rint(y) * f : rint(y) / f;
}

double
fair__data_expr_scalar(int op, double a, double b, double p)
{
	switch (op) {
	case X_ADD: return k_add(a, b);
	case X_SUB: return k_sub(a, b);
	case X_MUL: return k_mul(a, b);
	case X_DIV: return k_div(a, b);
	case X_MOD: return k_mod(a, b);
	case X_POW: return k_pow(a, b);
	case X_MIN: return k_min(a, b);
	case X_MAX: return k_max(a, b);
	case X_EQ: return k_eq(a, b);
	case X_NE: return k_ne(a, b);
	case X_LT: return k_lt(a, b);
	case X_LE: return k_le(a, b);
	case X_GT: return k_gt(a, b);
	case X_GE: return k_ge(a, b);
	case X_AND: return k_and(a, b);
	case X_OR: return k_or(a, b);
	case X_COALN: return k_coaln(a, b);
	case X_NEG: return k_neg(a);
	case X_NOT: return k_not(a);
	case X_TRUTH: return k_truth(a);
	case X_ABS: return k_abs(a);
	case X_LOG: return k_log(a);
	case X_EXP: return k_exp(a);
	case X_SQRT: return k_sqrt(a);
	case X_FLOOR: return k_floor(a);
	case X_CEIL: return k_ceil(a);
	case X_ROUND: return p == 0 ? rint(a) : k_round(a, pow(10, fabs(p)), p < 0);
	case X_ISNAN: return k_isnan(a);
	default: return NAN;
	}
}

/* ---- block kernels ---- */

/* Each kernel is a fixed-length loop over one block, compiled for AVX2 and
 * for the baseline (FAIR_CLONES; no FMA, so both give the same bits). */

typedef void (*vv_fn)(double *restrict, const double *restrict, const double *restrict);
typedef void (*vs_fn)(double *restrict, const double *restrict, double);
typedef void (*sv_fn)(double *restrict, double, const double *restrict);
typedef void (*v_fn)(double *restrict, const double *restrict);

#define BINOP(name) \
	FAIR_CLONES static void name##_vv(double *restrict r, const double *restrict a, const double *restrict b) \
	{ LOOP r[i] = k_##name(a[i], b[i]); } \
	FAIR_CLONES static void name##_vs(double *restrict r, const double *restrict a, double b) \
	{ LOOP r[i] = k_##name(a[i], b); } \
	FAIR_CLONES static void name##_sv(double *restrict r, double a, const double *restrict b) \
	{ LOOP r[i] = k_##name(a, b[i]); }
#define UNOP(name) \
	FAIR_CLONES static void name##_v(double *restrict r, const double *restrict a) \
	{ LOOP r[i] = k_##name(a[i]); }

BINOP(add) BINOP(sub) BINOP(mul) BINOP(div) BINOP(mod) BINOP(pow) BINOP(min) BINOP(max)
BINOP(eq) BINOP(ne) BINOP(lt) BINOP(le) BINOP(gt) BINOP(ge) BINOP(and) BINOP(or) BINOP(coaln)
UNOP(neg) UNOP(not) UNOP(truth) UNOP(abs) UNOP(log) UNOP(exp) UNOP(sqrt) UNOP(floor)
UNOP(ceil) UNOP(isnan)

#define BINTAB(v) { \
	[X_ADD] = add_##v, [X_SUB] = sub_##v, [X_MUL] = mul_##v, [X_DIV] = div_##v, \
	[X_MOD] = mod_##v, [X_POW] = pow_##v, [X_MIN] = min_##v, [X_MAX] = max_##v, \
	[X_EQ] = eq_##v, [X_NE] = ne_##v, [X_LT] = lt_##v, [X_LE] = le_##v, [X_GT] = gt_##v, \
	[X_GE] = ge_##v, [X_AND] = and_##v, [X_OR] = or_##v, [X_COALN] = coaln_##v }
static const vv_fn bin_vv[X_NBIN] = BINTAB(vv);
static const vs_fn bin_vs[X_NBIN] = BINTAB(vs);
static const sv_fn bin_sv[X_NBIN] = BINTAB(sv);
static const v_fn un_v[X_NUNARY - X_NBIN] = {
	[X_NEG - X_NBIN] = neg_v, [X_NOT - X_NBIN] = not_v, [X_TRUTH - X_NBIN] = truth_v,
	[X_ABS - X_NBIN] = abs_v, [X_LOG - X_NBIN] = log_v, [X_EXP - X_NBIN] = exp_v,
	[X_SQRT - X_NBIN] = sqrt_v, [X_FLOOR - X_NBIN] = floor_v, [X_CEIL - X_NBIN] = ceil_v,
	[X_ISNAN - X_NBIN] = isnan_v,
};

FAIR_CLONES static void
round_v(double *restrict r, const double *restrict a, double digits)
{
	double f = pow(10, fabs(digits));
	bool neg = digits < 0;

	if (digits == 0)
		LOOP r[i] = rint(a[i]);
	else
		LOOP r[i] = k_round(a[i], f, neg);
}

FAIR_CLONES static void
gather_v(double *restrict r, const double *restrict a, const double *restrict tab)
{
	LOOP r[i] = tab[(ptrdiff_t)a[i] + 1];
}

FAIR_CLONES static void
gather_i(double *restrict r, const int32_t *restrict c, const double *restrict tab)
{
	LOOP r[i] = tab[c[i] + 1];
}

/* index of the first t[k] >= x (strict: > x) in sorted t[0..n) */
static inline size_t
bound(const double *t, size_t n, double x, bool strict)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strict ? t[mid] <= x : t[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

FAIR_CLONES static void
in_v(double *restrict r, const double *restrict a, const double *restrict t, size_t n, bool neg)
{
	if (n <= 8) {
		LOOP r[i] = 0;
		for (size_t k = 0; k < n; k++) {
			double v = t[k];
			LOOP r[i] = a[i] == v ? 1.0 : r[i];
		}
	} else {
		LOOP {
			size_t k = bound(t, n, a[i], false);
			r[i] = k < n && t[k] == a[i];
		}
	}
	if (neg)
		LOOP {
			double x = a[i], m = r[i];
			r[i] = 1 - (x == x ? m : NAN);
		}
	else
		LOOP {
			double x = a[i], m = r[i];
			r[i] = x == x ? m : NAN;
		}
}

FAIR_CLONES static void
cut_v(double *restrict r, const double *restrict a, const xins *in)
{
	const double *t = in->tab, *val = in->tab2;
	size_t n = in->ntab;
	bool left = (in->flags & XF_LEFT) != 0;

	/* r = number of breaks below x (right-closed bins) or at/below x */
	if (n <= 16) {
		LOOP r[i] = 0;
		for (size_t k = 0; k < n; k++) {
			double b = t[k];
			if (left)
				LOOP r[i] += a[i] >= b;
			else
				LOOP r[i] += a[i] > b;
		}
	} else {
		LOOP r[i] = (double)bound(t, n, a[i], left);
		LOOP r[i] = a[i] == a[i] ? r[i] : 0;
	}
	LOOP r[i] = val[(size_t)r[i]];
	if (in->flags & XF_LOWEST) {
		double edge = in->p, v = in->q;
		LOOP r[i] = a[i] == edge ? v : r[i];
	}
}

static void
recode_v(double *restrict r, const double *restrict a, const xins *in)
{
	const double *t = in->tab, *val = in->tab2;
	size_t n = in->ntab;
	bool keep = (in->flags & RC_KEEP) != 0;

	LOOP {
		double x = a[i];
		if (x != x) {
			r[i] = in->q;
		} else {
			size_t k = bound(t, n, x, false);
			r[i] = fin(k < n && t[k] == x ? val[k] : keep ? x : in->p);
		}
	}
}

FAIR_CLONES static void
if_v(double *restrict r, const double *restrict c, const double *restrict a, const double *restrict b,
     double na)
{
	LOOP {
		double x = a[i], y = b[i], ci = c[i];
		int t = ci == 1, f = ci == 0;
		double v = f ? y : na;
		r[i] = fin(t ? x : v);
	}
}

FAIR_CLONES static void
coalc_v(double *restrict r, const double *restrict a, const double *restrict b)
{
	LOOP {
		double x = a[i], y = b[i];
		r[i] = x < 0 ? y : x;
	}
}

static void
copy_fin(double *restrict o, const double *restrict s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		o[i] = fin(s[i]);
}

/* The stores of a block: fixed-length loops for whole blocks (they
 * vectorise, also between doubles and bytes), plain ones for the last. */

FAIR_CLONES static void
codes_full(int32_t *restrict o, const double *restrict v)
{
	LOOP o[i] = (int32_t)v[i];
}

/* The filter program's updates of a block's row mask (always whole
 * blocks: a partial last block works on a padded copy of the mask). A
 * comparison with a missing value is false, so only != needs the test. */
#define KEEPCMP(name, op, nan) \
	FAIR_CLONES_V4 static void keep_##name##_vv(unsigned char *restrict kp, const double *restrict a, \
	                                          const double *restrict b) \
	{ LOOP { double x = a[i], y = b[i]; int t = (x op y) & ((nan) ? (x == x) & (y == y) : 1); \
	         kp[i] = (unsigned char)((kp[i] != 0) & t); } } \
	FAIR_CLONES_V4 static void keep_##name##_vs(unsigned char *restrict kp, const double *restrict a, double y) \
	{ LOOP { double x = a[i]; int t = (x op y) & ((nan) ? (x == x) & (y == y) : 1); \
	         kp[i] = (unsigned char)((kp[i] != 0) & t); } } \
	FAIR_CLONES_V4 static void keep_##name##_sv(unsigned char *restrict kp, double x, const double *restrict b) \
	{ LOOP { double y = b[i]; int t = (x op y) & ((nan) ? (x == x) & (y == y) : 1); \
	         kp[i] = (unsigned char)((kp[i] != 0) & t); } }
KEEPCMP(eq, ==, 0) KEEPCMP(ne, !=, 1) KEEPCMP(lt, <, 0) KEEPCMP(le, <=, 0) KEEPCMP(gt, >, 0)
KEEPCMP(ge, >=, 0)

typedef void (*kvv_fn)(unsigned char *restrict, const double *restrict, const double *restrict);
typedef void (*kvs_fn)(unsigned char *restrict, const double *restrict, double);
typedef void (*ksv_fn)(unsigned char *restrict, double, const double *restrict);
#define KEEPTAB(v) { [X_EQ - X_EQ] = keep_eq_##v, [X_NE - X_EQ] = keep_ne_##v, \
	[X_LT - X_EQ] = keep_lt_##v, [X_LE - X_EQ] = keep_le_##v, [X_GT - X_EQ] = keep_gt_##v, \
	[X_GE - X_EQ] = keep_ge_##v }
static const kvv_fn keep_vv[6] = KEEPTAB(vv);
static const kvs_fn keep_vs[6] = KEEPTAB(vs);
static const ksv_fn keep_sv[6] = KEEPTAB(sv);

FAIR_CLONES_V4 static void
keep_true(unsigned char *restrict kp, const double *restrict v)
{
	LOOP {
		double x = v[i];
		kp[i] = (unsigned char)((kp[i] != 0) & (x != 0) & (x == x));
	}
}

FAIR_CLONES_V4 static size_t
count_kept(const unsigned char *restrict kp)
{
	unsigned k = 0;

	LOOP k += kp[i];
	return k;
}

/* zeros and ones of a boolean result (its distinct values) */
FAIR_CLONES static void
count01_full(const double *restrict v, size_t *n0, size_t *n1)
{
	unsigned z = 0, u = 0;

	LOOP {
		z += v[i] == 0;
		u += v[i] == 1;
	}
	*n0 += z;
	*n1 += u;
}

/* ---- the condition program: bytes in Kleene order (false 0, missing 1,
 * true 2; see X_BCMP in data-private.h) ---- */

/* a OP b as a Kleene byte, 1 + (a OP b) - (the opposite), with an
 * opposite that is false too when a value is missing (for == it is
 * a < b or a > b): 2 true, 0 false, 1 missing. Two comparisons, no test
 * of the operands, so the loop keeps few registers live. */
#define BCMP(name, t, f) \
	FAIR_CLONES_V4 static void bcmp_##name##_vv(unsigned char *restrict r, const double *restrict a, \
	                                             const double *restrict b) \
	{ LOOP { double x = a[i], y = b[i]; r[i] = (unsigned char)(1 + (t) - (f)); } } \
	FAIR_CLONES_V4 static void bcmp_##name##_vs(unsigned char *restrict r, const double *restrict a, double y) \
	{ LOOP { double x = a[i]; r[i] = (unsigned char)(1 + (t) - (f)); } } \
	FAIR_CLONES_V4 static void bcmp_##name##_sv(unsigned char *restrict r, double x, const double *restrict b) \
	{ LOOP { double y = b[i]; r[i] = (unsigned char)(1 + (t) - (f)); } }
BCMP(eq, x == y, (x < y) | (x > y)) BCMP(ne, (x < y) | (x > y), x == y)
BCMP(lt, x < y, x >= y) BCMP(le, x <= y, x > y) BCMP(gt, x > y, x <= y) BCMP(ge, x >= y, x < y)

#define BCMPTAB(v) { [X_EQ - X_EQ] = bcmp_eq_##v, [X_NE - X_EQ] = bcmp_ne_##v, \
	[X_LT - X_EQ] = bcmp_lt_##v, [X_LE - X_EQ] = bcmp_le_##v, [X_GT - X_EQ] = bcmp_gt_##v, \
	[X_GE - X_EQ] = bcmp_ge_##v }
static const kvv_fn bcmp_vv[6] = BCMPTAB(vv);
static const kvs_fn bcmp_vs[6] = BCMPTAB(vs);
static const ksv_fn bcmp_sv[6] = BCMPTAB(sv);

FAIR_CLONES_V4 static void
band_vv(unsigned char *restrict r, const unsigned char *restrict a, const unsigned char *restrict b)
{
	LOOP r[i] = a[i] < b[i] ? a[i] : b[i];
}

FAIR_CLONES_V4 static void
band_vs(unsigned char *restrict r, const unsigned char *restrict a, unsigned char b)
{
	LOOP r[i] = a[i] < b ? a[i] : b;
}

FAIR_CLONES_V4 static void
bor_vv(unsigned char *restrict r, const unsigned char *restrict a, const unsigned char *restrict b)
{
	LOOP r[i] = a[i] > b[i] ? a[i] : b[i];
}

FAIR_CLONES_V4 static void
bor_vs(unsigned char *restrict r, const unsigned char *restrict a, unsigned char b)
{
	LOOP r[i] = a[i] > b ? a[i] : b;
}

FAIR_CLONES_V4 static void
bnot_v(unsigned char *restrict r, const unsigned char *restrict a)
{
	LOOP r[i] = (unsigned char)(2 - a[i]);
}

/* (a OP1 ca) and/or (b OP2 cb) as one Kleene byte in one pass, reading
 * both operands and writing the result once instead of two byte
 * registers and their min/max. Each OP is a choice among a < c, a == c,
 * a > c (bits 1, 2, 4 of w): true when a chosen one holds, false when
 * another does, missing when none does (a is NaN); the same bytes as
 * BCMP: 1 + t - f. */
static const unsigned bcmp2_w[6] = {
	[X_EQ - X_EQ] = 2, [X_NE - X_EQ] = 5, [X_LT - X_EQ] = 1, [X_LE - X_EQ] = 3,
	[X_GT - X_EQ] = 4, [X_GE - X_EQ] = 6,
};

#define BCMP2_SIDE(k, x, c, w) \
	unsigned k##l = (x) < (c), k##e = (x) == (c), k##g = (x) > (c); \
	unsigned k = 1u + ((k##l & w##l) | (k##e & w##e) | (k##g & w##g)) - \
	             ((k##l & !w##l) | (k##e & !w##e) | (k##g & !w##g))
#define BCMP2(name, pick) \
	FAIR_CLONES_V4 static void name(unsigned char *restrict r, const double *restrict a, double ca, \
	                                 unsigned wa, const double *restrict b, double cb, unsigned wb) \
	{ \
		const unsigned wal = wa & 1, wae = (wa >> 1) & 1, wag = (wa >> 2) & 1; \
		const unsigned wbl = wb & 1, wbe = (wb >> 1) & 1, wbg = (wb >> 2) & 1; \
		LOOP { \
			BCMP2_SIDE(ka, a[i], ca, wa); \
			BCMP2_SIDE(kb, b[i], cb, wb); \
			r[i] = (unsigned char)(ka pick kb ? ka : kb); \
		} \
	}
BCMP2(bcmp2_and, <) BCMP2(bcmp2_or, >)

/* 0, 1, NaN doubles as Kleene bytes 0, 2, 1. From the top three bits
 * after the sign: 000 for 0, 001 for 1 (0x3FF...), 011 for NaN (0x7FF...);
 * x - (x >> 1) gives 0, 1, 2 (false, true, missing, as stored), and
 * swapping the two low bits puts them in Kleene order: integer operations
 * that vectorise, where a double-to-byte conversion does not. */
FAIR_CLONES_V4 static void
bfrom_v(unsigned char *restrict r, const double *restrict v)
{
	typedef uint64_t __attribute__((may_alias)) u64a;
	const u64a *restrict u = (const u64a *)v;

	LOOP {
		unsigned x = (unsigned)(u[i] >> 61) & 3u;
		unsigned s = x - (x >> 1);
		r[i] = (unsigned char)(((s << 1) | (s >> 1)) & 3u);
	}
}

/* Kleene bytes as stored (0 false, 1 true, FAIR_BOOL_MISSING), counting
 * the zeros and ones: the same swap of the two low bits */
FAIR_CLONES_V4 static void
bstore(unsigned char *restrict o, const unsigned char *restrict k, size_t *n0, size_t *n1)
{
	unsigned z = 0, w = 0;

	LOOP {
		unsigned x = k[i];
		unsigned char b = (unsigned char)(((x << 1) | (x >> 1)) & 3u);
		o[i] = b;
		z += b == 0;
		w += b == 1;
	}
	*n0 += z;
	*n1 += w;
}

/* ---- distinct values of a numeric result, tracked block by block (the
 * struct xdist of data-private.h) ---- */

/* add the value with bits @u (not NaN, not -0) to @d: false when @d had
 * XDIST_MAX values already and this is another one (@d is then over) */
static bool
dist_add(xdist *d, uint64_t u)
{
	size_t j = (size_t)((u * 0x9E3779B97F4A7C15ull) >> (64 - XDIST_BITS));

	while (d->used[j] && d->key[j] != u)
		j = (j + 1) & (XDIST_SLOTS - 1);
	if (d->used[j])
		return true;
	if (d->n == XDIST_MAX) {
		d->over = true;
		return false;
	}
	d->used[j] = true;
	d->key[j] = u;
	d->n++;
	return true;
}

static void
dist_block(xdist *d, const double *v, size_t len)
{
	double last = NAN;

	for (size_t i = 0; i < len && !d->over; i++) {
		double x = v[i];
		uint64_t u;
		if (x != x || x == last)
			continue;
		last = x;
		if (x == 0)
			x = 0.0;      /* -0.0 and 0.0 are one value */
		memcpy(&u, &x, sizeof u);
		if (!dist_add(d, u))
			break;
	}
}

void
fair__data_expr_dist_merge(xdist *d, const xdist *from)
{
	d->n0 += from->n0;
	d->n1 += from->n1;
	d->nnan += from->nnan;
	d->over |= from->over;
	for (size_t j = 0; j < XDIST_SLOTS && !d->over; j++)
		if (from->used[j])
			dist_add(d, from->key[j]);
}

/* missing values of a result block (numeric results: the column's count);
 * a whole block in a fixed-length loop, which vectorises */
FAIR_CLONES static size_t
count_nan_full(const double *restrict v)
{
	unsigned k = 0;

	LOOP k += v[i] != v[i];
	return k;
}

static size_t
count_nan(const double *v, size_t len)
{
	size_t k = 0;

	if (len == XBLOCK)
		return count_nan_full(v);
	for (size_t i = 0; i < len; i++)
		k += v[i] != v[i];
	return k;
}

/* ---- the block loop ---- */

/* Rows [lo, hi) of the evaluation (lo a multiple of XBLOCK; @rows, @dst
 * and the row mask indexed from 0, as for the whole): see data-private.h. */
int
fair__data_expr_run(const fair_expr *e, const size_t *rows, size_t lo, size_t hi, int mode, void *dst,
                    xdist *dist, size_t *nkept, fair_error *err)
{
	/* a filter runs the filter program, which writes the row mask */
	const xprog *P = mode == XR_KEEP ? &e->fprog : mode == XR_BOOL ? &e->bprog : &e->prog;
	size_t nblk = P->nregs + P->ncblk + P->nslots + 1;
	double *mem = aligned_alloc(64, nblk * XBLOCK * sizeof *mem);
	double **regp = malloc((P->nregs + 1) * sizeof *regp);
	const void **sp = malloc((P->nslots + 1) * sizeof *sp);
	double *regs, *cblk, *slots, *tmp;
	size_t kept = 0;
	bool numeric = e->type == T_NUM;   /* booleans and codes need no check */

	if (mem == NULL || regp == NULL || sp == NULL) {
		free(mem);
		free(regp);
		free(sp);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory (%zu rows)", hi - lo);
	}
	regs = mem;
	cblk = regs + P->nregs * XBLOCK;
	slots = cblk + P->ncblk * XBLOCK;
	tmp = slots + P->nslots * XBLOCK;
	for (size_t k = 0; k < P->ncblk; k++)
		for (size_t i = 0; i < XBLOCK; i++)
			cblk[k * XBLOCK + i] = P->cblk[k];
	for (size_t r = 0; r < P->nregs; r++)
		regp[r] = regs + r * XBLOCK;

	for (size_t start = lo; start < hi; start += XBLOCK) {
		size_t len = hi - start < XBLOCK ? hi - start : XBLOCK;
		bool full = len == XBLOCK;
		const double *root;

		/* columns: in place, or gathered (subset, last block) and padded */
		for (size_t s = 0; s < P->nslots; s++) {
			const fair_column *c = e->cols[P->slot_col[s]];
			if (P->slot_codes[s]) {
				const int32_t *src = fair_column_codes(c);
				int32_t *d = (int32_t *)(slots + s * XBLOCK);
				if (rows == NULL && full) {
					sp[s] = src + start;
					continue;
				}
				for (size_t i = 0; i < len; i++)
					d[i] = src[rows ? rows[start + i] : start + i];
				for (size_t i = len; i < XBLOCK; i++)
					d[i] = -1;
				sp[s] = d;
			} else {
				const double *src = fair_column_values(c);
				double *d = slots + s * XBLOCK;
				if (rows == NULL && full) {
					sp[s] = src + start;
					continue;
				}
				for (size_t i = 0; i < len; i++)
					d[i] = src[rows ? rows[start + i] : start + i];
				for (size_t i = len; i < XBLOCK; i++)
					d[i] = NAN;
				sp[s] = d;
			}
		}
		/* the row mask of this block (a padded copy for the last one) */
		unsigned char *kp = NULL;
		if (mode == XR_KEEP) {
			kp = (unsigned char *)dst + start;
			if (!full) {
				unsigned char *m = (unsigned char *)tmp;
				memcpy(m, kp, len);
				memset(m + len, 0, XBLOCK - len);
				kp = m;
			}
		}
		/* the result register writes straight into the output when it can */
		if (mode != XR_KEEP && P->root.kind == A_REG)
			regp[P->root.idx] = mode == XR_VALUES && full ? (double *)dst + start :
			                    regs + P->root.idx * XBLOCK;

#define VEC(x) ((x).kind == A_REG ? (const double *)regp[(x).idx] : \
                (x).kind == A_CBLK ? (const double *)(cblk + (x).idx * XBLOCK) : \
                (const double *)sp[(x).idx])
		for (size_t k = 0; k < P->nins; k++) {
			const xins *in = &P->ins[k];
			double *d = regp[in->dst];
			if (in->op < X_NBIN) {
				if (in->var == 0)
					bin_vv[in->op](d, VEC(in->a), VEC(in->b));
				else if (in->var == 1)
					bin_vs[in->op](d, VEC(in->a), in->b.c);
				else
					bin_sv[in->op](d, in->a.c, VEC(in->b));
				continue;
			}
			switch (in->op) {
			case X_ROUND: round_v(d, VEC(in->a), in->p); break;
			case X_GATHER: gather_v(d, VEC(in->a), in->tab); break;
			case X_GATHERI: gather_i(d, (const int32_t *)sp[in->a.idx], in->tab); break;
			case X_IN: in_v(d, VEC(in->a), in->tab, in->ntab, (in->flags & XF_NOT) != 0); break;
			case X_CUT: cut_v(d, VEC(in->a), in); break;
			case X_RECODE: recode_v(d, VEC(in->a), in); break;
			case X_IFN: if_v(d, VEC(in->a), VEC(in->b), VEC(in->c), NAN); break;
			case X_IFC: if_v(d, VEC(in->a), VEC(in->b), VEC(in->c), -1); break;
			case X_COALC: coalc_v(d, VEC(in->a), VEC(in->b)); break;
			case X_KEEP: keep_true(kp, VEC(in->a)); break;
			case X_KEEPZERO: memset(kp, 0, XBLOCK); break;
#define BVEC(x) ((const unsigned char *)regp[(x).idx])
			case X_BCMP:
				if (in->var == 0)
					bcmp_vv[in->flags - X_EQ]((unsigned char *)d, VEC(in->a), VEC(in->b));
				else if (in->var == 1)
					bcmp_vs[in->flags - X_EQ]((unsigned char *)d, VEC(in->a), in->b.c);
				else
					bcmp_sv[in->flags - X_EQ]((unsigned char *)d, in->a.c, VEC(in->b));
				break;
			case X_BAND:
				if (in->var == 0)
					band_vv((unsigned char *)d, BVEC(in->a), BVEC(in->b));
				else
					band_vs((unsigned char *)d, BVEC(in->a), (unsigned char)in->p);
				break;
			case X_BOR:
				if (in->var == 0)
					bor_vv((unsigned char *)d, BVEC(in->a), BVEC(in->b));
				else
					bor_vs((unsigned char *)d, BVEC(in->a), (unsigned char)in->p);
				break;
			case X_BNOT: bnot_v((unsigned char *)d, BVEC(in->a)); break;
			case X_BFROM: bfrom_v((unsigned char *)d, VEC(in->a)); break;
			case X_BCMP2:
				((in->flags & XF_BOR) ? bcmp2_or : bcmp2_and)(
					(unsigned char *)d, VEC(in->a), in->p, bcmp2_w[in->flags & 15],
					VEC(in->b), in->q, bcmp2_w[(in->flags >> 4) & 15]);
				break;
#undef BVEC
			case X_KEEPCMP:
				if (in->var == 0)
					keep_vv[in->flags - X_EQ](kp, VEC(in->a), VEC(in->b));
				else if (in->var == 1)
					keep_vs[in->flags - X_EQ](kp, VEC(in->a), in->b.c);
				else
					keep_sv[in->flags - X_EQ](kp, in->a.c, VEC(in->b));
				break;
			default: un_v[in->op - X_NBIN](d, VEC(in->a)); break;
			}
		}

		if (mode == XR_KEEP) {
			kept += count_kept(kp);
			if (!full)
				memcpy((unsigned char *)dst + start, kp, len);
			continue;
		}
		/* the result of this block */
		if (P->root.kind == A_CONST) {
			for (size_t i = 0; i < XBLOCK; i++)
				tmp[i] = P->root.c;
			root = tmp;
		} else if (P->root.kind == A_CCOL) {
			const int32_t *c = sp[P->root.idx];
			int32_t *o = (int32_t *)dst + start;
			for (size_t i = 0; i < len; i++)
				o[i] = P->root_map ? P->root_map[c[i] + 1] : c[i];
			continue;
		} else {
			root = VEC(P->root);
		}
#undef VEC
		if (mode == XR_BOOL) {
			/* the condition program's root: a byte register or a constant */
			unsigned char *o = (unsigned char *)dst + start, t[XBLOCK], kc[XBLOCK];
			const unsigned char *k;
			size_t z = 0, u = 0;
			if (P->root.kind == A_CONST) {
				double c = P->root.c;
				memset(kc, c == 1 ? 2 : c == 0 ? 0 : 1, XBLOCK);
				k = kc;
			} else {
				k = (const unsigned char *)regp[P->root.idx];
			}
			bstore(full ? o : t, k, &z, &u);
			if (!full) {
				memcpy(o, t, len);
				for (size_t i = len; i < XBLOCK; i++)
					z -= t[i] == 0, u -= t[i] == 1;
			}
			dist->n0 += z;
			dist->n1 += u;
			continue;
		} else if (mode == XR_CODES) {
			int32_t *o = (int32_t *)dst + start;
			if (full)
				codes_full(o, root);
			else
				for (size_t i = 0; i < len; i++)
					o[i] = (int32_t)root[i];
		} else {
			/* every kernel gives finite numbers or NaN; a column read as
			 * it is and a constant are checked here */
			double *o = (double *)dst + start;
			if (numeric && (P->root.kind == A_NCOL || P->root.kind == A_CONST))
				copy_fin(o, root, len);
			else if (root != o)
				memcpy(o, root, len * sizeof *o);
			if (dist != NULL && numeric) {
				dist_block(dist, o, len);
				dist->nnan += count_nan(o, len);
			} else if (dist != NULL && full) {
				count01_full(o, &dist->n0, &dist->n1);
			} else if (dist != NULL) {
				for (size_t i = 0; i < len; i++) {
					dist->n0 += o[i] == 0;
					dist->n1 += o[i] == 1;
				}
			}
		}
	}
	if (nkept != NULL)
		*nkept = kept;
	free(mem);
	free(regp);
	free(sp);
	return FAIR_OK;
}
