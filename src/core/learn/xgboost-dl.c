/* xgboost-dl.c -- XGBoost's C API loaded when first used. Linking
 * libxgboost at start-up pulls in libstdc++, libgomp and libdmlc and runs
 * their constructors: about 5 ms of every start of fairsh, most of the
 * 10 ms start-up budget, for a learner most sessions never train. Here the
 * library is opened (dlopen) on the first call of any of the functions
 * xgboost.c uses, once for all threads (pthread_once); when it cannot be
 * opened every call fails and XGBGetLastError says why, so `train xgboost`
 * reports it as any XGBoost error. xgboost.c calls these names through
 * the macros of xgboost-dl.h. */
/* SPDX-License-Identifier: MIT */
#include "learn/learn-private.h"

#ifdef FAIRSH_HAVE_XGBOOST_DL
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <xgboost/c_api.h>

#include "learn/xgboost-dl.h"

/* The library's names, in the order of the table below. */
#define XGB_FUNCS(X) \
	X(GetLastError, "XGB") X(RegisterLogCallback, "XGB") X(oostVersion, "XGB") \
	X(oosterBoostOneIter, "XGB") X(oosterCreate, "XGB") X(oosterEvalOneIter, "XGB") \
	X(oosterFeatureScore, "XGB") X(oosterFree, "XGB") X(oosterGetNumFeature, "XGB") \
	X(oosterLoadModelFromBuffer, "XGB") X(oosterPredictFromDMatrix, "XGB") \
	X(oosterSaveModelToBuffer, "XGB") X(oosterSetParam, "XGB") X(oosterSlice, "XGB") \
	X(oosterUpdateOneIter, "XGB") X(DMatrixFree, "XG") X(DMatrixSetFloatInfo, "XG") \
	X(DMatrixCreateFromMat_omp, "XG")

static struct {
	const char *(*GetLastError)(void);
	int (*RegisterLogCallback)(void (*)(const char *));
	void (*oostVersion)(int *, int *, int *);
	int (*oosterBoostOneIter)(BoosterHandle, DMatrixHandle, float *, float *, bst_ulong);
	int (*oosterCreate)(const DMatrixHandle[], bst_ulong, BoosterHandle *);
	int (*oosterEvalOneIter)(BoosterHandle, int, DMatrixHandle[], const char *[], bst_ulong, const char **);
	int (*oosterFeatureScore)(BoosterHandle, const char *, bst_ulong *, char const ***, bst_ulong *,
	                          bst_ulong const **, float const **);
	int (*oosterFree)(BoosterHandle);
	int (*oosterGetNumFeature)(BoosterHandle, bst_ulong *);
	int (*oosterLoadModelFromBuffer)(BoosterHandle, const void *, bst_ulong);
	int (*oosterPredictFromDMatrix)(BoosterHandle, DMatrixHandle, char const *, bst_ulong const **, bst_ulong *,
	                                float const **);
	int (*oosterSaveModelToBuffer)(BoosterHandle, char const *, bst_ulong *, char const **);
	int (*oosterSetParam)(BoosterHandle, const char *, const char *);
	int (*oosterSlice)(BoosterHandle, int, int, int, BoosterHandle *);
	int (*oosterUpdateOneIter)(BoosterHandle, int, DMatrixHandle);
	int (*DMatrixFree)(DMatrixHandle);
	int (*DMatrixSetFloatInfo)(DMatrixHandle, const char *, const float *, bst_ulong);
	int (*DMatrixCreateFromMat_omp)(const float *, bst_ulong, bst_ulong, float, DMatrixHandle *, int);
} xgb;

static pthread_once_t xgb_once = PTHREAD_ONCE_INIT;
static char xgb_dlerror[400];   /* why the library did not load; "" when it did */

static void
xgb_open(void)
{
	/* the soname first (the runtime package has no libxgboost.so link) */
	static const char *const names[] = { "libxgboost.so.0", "libxgboost.so", "libxgboost.so.2", "libxgboost.so.1" };
	char first[200] = "";
	void *h = NULL;

	for (size_t i = 0; h == NULL && i < sizeof names / sizeof *names; i++)
		if ((h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL && i == 0) {
			const char *e = dlerror();
			snprintf(first, sizeof first, "%s", e ? e : "not found");
		}
	if (h == NULL) {
		snprintf(xgb_dlerror, sizeof xgb_dlerror, "cannot load the XGBoost library (%s): install the Debian "
		         "package libxgboost0", first);
		return;
	}
#define X(f, pre) \
	if ((*(void **)&xgb.f = dlsym(h, pre #f)) == NULL) { \
		snprintf(xgb_dlerror, sizeof xgb_dlerror, "the XGBoost library has no %s%s: XGBoost >= 1.7 is needed", \
		         pre, #f); \
		return; \
	}
	XGB_FUNCS(X)
#undef X
	xgb_dlerror[0] = '\0';
}

/* True when the library is there (opened on the first call). */
static bool
xgb_ready(void)
{
	pthread_once(&xgb_once, xgb_open);
	return xgb_dlerror[0] == '\0' && xgb.DMatrixCreateFromMat_omp != NULL;
}

bool
fair__learn_xgb_loaded(void)
{
	return xgb_ready();
}

const char *
fair__learn_xgb_GetLastError(void)
{
	return xgb_ready() ? xgb.GetLastError() : xgb_dlerror;
}

int
fair__learn_xgb_RegisterLogCallback(void (*cb)(const char *))
{
	return xgb_ready() ? xgb.RegisterLogCallback(cb) : -1;
}

void
fair__learn_xgb_oostVersion(int *major, int *minor, int *patch)
{
	if (xgb_ready()) {
		xgb.oostVersion(major, minor, patch);
		return;
	}
	*major = *minor = *patch = 0;
}

int
fair__learn_xgb_oosterBoostOneIter(BoosterHandle h, DMatrixHandle d, float *grad, float *hess, bst_ulong len)
{
	return xgb_ready() ? xgb.oosterBoostOneIter(h, d, grad, hess, len) : -1;
}

int
fair__learn_xgb_oosterCreate(const DMatrixHandle dmats[], bst_ulong len, BoosterHandle *out)
{
	return xgb_ready() ? xgb.oosterCreate(dmats, len, out) : -1;
}

int
fair__learn_xgb_oosterEvalOneIter(BoosterHandle h, int iter, DMatrixHandle dmats[], const char *names[],
                                  bst_ulong len, const char **out)
{
	return xgb_ready() ? xgb.oosterEvalOneIter(h, iter, dmats, names, len, out) : -1;
}

int
fair__learn_xgb_oosterFeatureScore(BoosterHandle h, const char *config, bst_ulong *nf, char const ***features,
                                   bst_ulong *dim, bst_ulong const **shape, float const **scores)
{
	return xgb_ready() ? xgb.oosterFeatureScore(h, config, nf, features, dim, shape, scores) : -1;
}

int
fair__learn_xgb_oosterFree(BoosterHandle h)
{
	return xgb_ready() ? xgb.oosterFree(h) : -1;
}

int
fair__learn_xgb_oosterGetNumFeature(BoosterHandle h, bst_ulong *out)
{
	return xgb_ready() ? xgb.oosterGetNumFeature(h, out) : -1;
}

int
fair__learn_xgb_oosterLoadModelFromBuffer(BoosterHandle h, const void *buf, bst_ulong len)
{
	return xgb_ready() ? xgb.oosterLoadModelFromBuffer(h, buf, len) : -1;
}

int
fair__learn_xgb_oosterPredictFromDMatrix(BoosterHandle h, DMatrixHandle d, char const *config,
                                         bst_ulong const **shape, bst_ulong *dim, float const **out)
{
	return xgb_ready() ? xgb.oosterPredictFromDMatrix(h, d, config, shape, dim, out) : -1;
}

int
fair__learn_xgb_oosterSaveModelToBuffer(BoosterHandle h, char const *config, bst_ulong *len, char const **out)
{
	return xgb_ready() ? xgb.oosterSaveModelToBuffer(h, config, len, out) : -1;
}

int
fair__learn_xgb_oosterSetParam(BoosterHandle h, const char *name, const char *value)
{
	return xgb_ready() ? xgb.oosterSetParam(h, name, value) : -1;
}

int
fair__learn_xgb_oosterSlice(BoosterHandle h, int begin, int end, int step, BoosterHandle *out)
{
	return xgb_ready() ? xgb.oosterSlice(h, begin, end, step, out) : -1;
}

int
fair__learn_xgb_oosterUpdateOneIter(BoosterHandle h, int iter, DMatrixHandle d)
{
	return xgb_ready() ? xgb.oosterUpdateOneIter(h, iter, d) : -1;
}

int
fair__learn_xgb_DMatrixFree(DMatrixHandle d)
{
	return xgb_ready() ? xgb.DMatrixFree(d) : -1;
}

int
fair__learn_xgb_DMatrixSetFloatInfo(DMatrixHandle d, const char *field, const float *a, bst_ulong len)
{
	return xgb_ready() ? xgb.DMatrixSetFloatInfo(d, field, a, len) : -1;
}

int
fair__learn_xgb_DMatrixCreateFromMat_omp(const float *data, bst_ulong nrow, bst_ulong ncol, float missing,
                                         DMatrixHandle *out, int nthread)
{
	return xgb_ready() ? xgb.DMatrixCreateFromMat_omp(data, nrow, ncol, missing, out, nthread) : -1;
}

#else
/* ISO C wants something in a translation unit */
typedef int fair__learn_xgb_dl_unused;
#endif
