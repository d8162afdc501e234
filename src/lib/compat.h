/* compat.h -- the only place for compiler-specific code in libfair: hints
 * (prefetch, branch likelihood) and the two-lane vector types of the
 * Sinkhorn soft-min. GCC and Clang provide all of them. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_COMPAT_H
#define FAIRSH_COMPAT_H

#if defined(__GNUC__)
#define FAIR_PREFETCH(p)  __builtin_prefetch(p)
#define FAIR_LIKELY(x)    __builtin_expect(!!(x), 1)
/* two doubles / two 64-bit integers in one SSE2 register */
typedef double    fair_v2d __attribute__((vector_size(16)));
typedef long long fair_v2i __attribute__((vector_size(16)));
#else
#error "libfair needs GCC or Clang (vector extensions, builtins); see src/lib/compat.h"
#endif

#endif
