/* demo.h -- built-in synthetic datasets (demo:loans, demo:hiring, demo:wages)
 * for teaching fairness audits. Generated deterministically from (name, n,
 * bias, seed); nothing is shipped as a file. The stories are in
 * fair_demo_story() and in the manual's DEMO DATASETS section. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DEMO_H
#define FAIRSH_DEMO_H

#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/progress.h"

#define FAIR_DEMO_N_MIN     10
#define FAIR_DEMO_N_MAX     10000000
#define FAIR_DEMO_BIAS_MAX  5.0
#define FAIR_DEMO_BIAS_DEFAULT 1.0
#define FAIR_DEMO_SEED_DEFAULT 1UL

/* Generates demo dataset @name ("loans", "hiring", "wages") with @n rows
 * (0 = the dataset's default, see fair_demo_default_n) and bias strength
 * @bias (NaN = FAIR_DEMO_BIAS_DEFAULT; 0 = the outcome does not depend on the
 * group given the legitimate features). Randomness: one gsl_rng mt19937
 * seeded with @seed (low 32 bits used; 0 behaves as 4357), drawn row by row in
 * a fixed order that does not depend on @bias or @n. Hence:
 *   - same (name, n, bias, seed) -> an identical frame (bit for bit, given the
 *     same libm for exp/log inside gsl_ran_gaussian_ziggurat/gamma);
 *   - the first m rows of a larger n equal the rows of n = m;
 *   - for one seed, changing bias changes only the outcome of rows of the
 *     disadvantaged group (same applicants, different history).
 * Returns a new frame in *@out (caller unrefs).
 * Errors (FAIR_EINVAL): unknown name (lists the names), n outside
 * [FAIR_DEMO_N_MIN, FAIR_DEMO_N_MAX], bias outside [0, FAIR_DEMO_BIAS_MAX];
 * FAIR_ENOMEM. */
int fair_demo_generate(const char *name, size_t n, double bias, unsigned long seed,
                       fair_frame **out, fair_error *err);

/* As fair_demo_generate, reporting rows done to @prog (may be NULL) and
 * returning FAIR_ECANCELED when it is cancelled. */
int fair_demo_generate_progress(const char *name, size_t n, double bias, unsigned long seed,
                                fair_frame **out, fair_progress *prog, fair_error *err);

/* "loans, hiring, wages" (static string). */
const char *fair_demo_names(void);

/* The generative story of @name in plain words (static string), or NULL for
 * an unknown name. */
const char *fair_demo_story(const char *name);

/* Default number of rows of @name (loans 5000, hiring 2000, wages 5000), 0 for
 * an unknown name. */
size_t fair_demo_default_n(const char *name);
/* The bytes demo @name with @n rows (0: its default) takes: 8 per numeric
 * and 4 per categorical cell (peak RSS of 4 million rows: within 3%); 0
 * for an unknown name. For memory.limit. */
size_t fair_demo_bytes(const char *name, size_t n);

#endif
