/* base-private.h -- the only place for compiler-specific code in libfair: hints
 * (prefetch, branch likelihood) and the two-lane vector types of the
 * Sinkhorn soft-min. GCC and Clang provide all of them. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_COMPAT_H
#define FAIRSH_COMPAT_H

#if defined(__GNUC__)
#define FAIR_PREFETCH(p)  __builtin_prefetch(p)
#define FAIR_LIKELY(x)    __builtin_expect(!!(x), 1)
/* inlined into every caller, AVX2 clones included (see FAIR_CLONES) */
#define FAIR_INLINE       inline __attribute__((always_inline))
/* two doubles / two 64-bit integers in one SSE2 register */
typedef double    fair_v2d __attribute__((vector_size(16)));
typedef long long fair_v2i __attribute__((vector_size(16)));
/* four of each (one AVX register; two SSE2 registers on baseline x86-64).
 * Never pass or return them by value: the ABI differs with and without AVX
 * (-Wpsabi); go through memory. */
typedef double    fair_v4d __attribute__((vector_size(32)));
typedef long long fair_v4i __attribute__((vector_size(32)));
/* FAIR_CLONES: compile a hot loop twice, for AVX2 and for the baseline,
 * the better one picked at load time (GCC ifunc). No FMA and -std=c11's
 * -ffp-contract=off: both clones round identically, so results do not
 * depend on the processor. */
/* Not under ThreadSanitizer: the ifunc resolvers run while the program is
 * relocated, before the TSan runtime is ready, and crash. */
#if defined(__x86_64__) && defined(__gnu_linux__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__)
#define FAIR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FAIR_CLONES
#endif
#else
#error "libfair needs GCC or Clang (vector extensions, builtins); see src/lib/compat.h"
#endif

#endif
