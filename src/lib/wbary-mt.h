/* wbary-mt.h -- the jitter generator of wbary.c (private): GSL's mt19937
 * stream inlined for speed. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_WBARY_MT_H
#define FAIRSH_WBARY_MT_H

#include <stddef.h>
#include <stdint.h>

/* ---- jitter generator ----
 * The jitter is the stream of gsl_rng_uniform() of a gsl mt19937 seeded with
 * gsl_rng_set(r, seed) (documented in wbary.h). Calling GSL per row costs
 * ~7 ns, a third of the whole fit + apply, so the same generator is inlined
 * here: Matsumoto-Nishimura MT19937 with GSL's seeding (seed 0 -> 4357, the
 * seed taken mod 2^32) and u = x / 2^32; the words are generated 624 at a
 * time. test-wbary checks the stream against gsl_rng bit for bit. */
#define MT_N 624
#define MT_M 397

struct mt {
	uint32_t s[MT_N];
	size_t   i;
};

static void
mt_seed(struct mt *m, unsigned long seed)
{
	size_t i;

	if (seed == 0)
		seed = 4357;
	m->s[0] = (uint32_t)(seed & 0xffffffffUL);
	for (i = 1; i < MT_N; i++)
		m->s[i] = UINT32_C(1812433253) * (m->s[i - 1] ^ (m->s[i - 1] >> 30)) + (uint32_t)i;
	m->i = MT_N;
}

#define MT_TWIST(a, b, c) \
	((c) ^ ((((a) & UINT32_C(0x80000000)) | ((b) & UINT32_C(0x7fffffff))) >> 1) ^ \
	 ((uint32_t)(-(int32_t)((b) & 1)) & UINT32_C(0x9908b0df)))

static void
mt_refill(struct mt *m)
{
	uint32_t *s = m->s;
	size_t k;

	for (k = 0; k < MT_N - MT_M; k++)
		s[k] = MT_TWIST(s[k], s[k + 1], s[k + MT_M]);
	for (; k < MT_N - 1; k++)
		s[k] = MT_TWIST(s[k], s[k + 1], s[k + MT_M - MT_N]);
	s[MT_N - 1] = MT_TWIST(s[MT_N - 1], s[0], s[MT_M - 1]);
	m->i = 0;
}

/* gsl_rng_uniform(): [0, 1) */
static inline double
mt_uniform(struct mt *m)
{
	uint32_t y;

	if (m->i >= MT_N)
		mt_refill(m);
	y = m->s[m->i++];
	y ^= y >> 11;
	y ^= (y << 7) & UINT32_C(0x9d2c5680);
	y ^= (y << 15) & UINT32_C(0xefc60000);
	y ^= y >> 18;
	return (double)y / 4294967296.0;
}

#endif
