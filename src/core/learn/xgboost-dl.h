/* xgboost-dl.h -- the XGBoost C API names that xgboost.c calls, routed to
 * xgboost-dl.c, which opens the library on first use (start-up does not
 * pay for it). Included after <xgboost/c_api.h>, only when configure
 * chose the lazy loading (FAIRSH_HAVE_XGBOOST_DL). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_LEARN_XGBOOST_DL_H
#define FAIRSH_LEARN_XGBOOST_DL_H

#include <stdbool.h>

/* Opens the library if not yet done; false when it cannot be loaded. */
bool fair__learn_xgb_loaded(void);

const char *fair__learn_xgb_GetLastError(void);
int  fair__learn_xgb_RegisterLogCallback(void (*cb)(const char *));
void fair__learn_xgb_oostVersion(int *major, int *minor, int *patch);
int  fair__learn_xgb_oosterBoostOneIter(BoosterHandle h, DMatrixHandle d, float *grad, float *hess, bst_ulong len);
int  fair__learn_xgb_oosterCreate(const DMatrixHandle dmats[], bst_ulong len, BoosterHandle *out);
int  fair__learn_xgb_oosterEvalOneIter(BoosterHandle h, int iter, DMatrixHandle dmats[], const char *names[],
                                       bst_ulong len, const char **out);
int  fair__learn_xgb_oosterFeatureScore(BoosterHandle h, const char *config, bst_ulong *nf, char const ***features,
                                        bst_ulong *dim, bst_ulong const **shape, float const **scores);
int  fair__learn_xgb_oosterFree(BoosterHandle h);
int  fair__learn_xgb_oosterGetNumFeature(BoosterHandle h, bst_ulong *out);
int  fair__learn_xgb_oosterLoadModelFromBuffer(BoosterHandle h, const void *buf, bst_ulong len);
int  fair__learn_xgb_oosterPredictFromDMatrix(BoosterHandle h, DMatrixHandle d, char const *config,
                                              bst_ulong const **shape, bst_ulong *dim, float const **out);
int  fair__learn_xgb_oosterSaveModelToBuffer(BoosterHandle h, char const *config, bst_ulong *len, char const **out);
int  fair__learn_xgb_oosterSetParam(BoosterHandle h, const char *name, const char *value);
int  fair__learn_xgb_oosterSlice(BoosterHandle h, int begin, int end, int step, BoosterHandle *out);
int  fair__learn_xgb_oosterUpdateOneIter(BoosterHandle h, int iter, DMatrixHandle d);
int  fair__learn_xgb_DMatrixFree(DMatrixHandle d);
int  fair__learn_xgb_DMatrixSetFloatInfo(DMatrixHandle d, const char *field, const float *a, bst_ulong len);
int  fair__learn_xgb_DMatrixCreateFromMat_omp(const float *data, bst_ulong nrow, bst_ulong ncol, float missing,
                                              DMatrixHandle *out, int nthread);

#define XGBGetLastError              fair__learn_xgb_GetLastError
#define XGBRegisterLogCallback       fair__learn_xgb_RegisterLogCallback
#define XGBoostVersion               fair__learn_xgb_oostVersion
#define XGBoosterBoostOneIter        fair__learn_xgb_oosterBoostOneIter
#define XGBoosterCreate              fair__learn_xgb_oosterCreate
#define XGBoosterEvalOneIter         fair__learn_xgb_oosterEvalOneIter
#define XGBoosterFeatureScore        fair__learn_xgb_oosterFeatureScore
#define XGBoosterFree                fair__learn_xgb_oosterFree
#define XGBoosterGetNumFeature       fair__learn_xgb_oosterGetNumFeature
#define XGBoosterLoadModelFromBuffer fair__learn_xgb_oosterLoadModelFromBuffer
#define XGBoosterPredictFromDMatrix  fair__learn_xgb_oosterPredictFromDMatrix
#define XGBoosterSaveModelToBuffer   fair__learn_xgb_oosterSaveModelToBuffer
#define XGBoosterSetParam            fair__learn_xgb_oosterSetParam
#define XGBoosterSlice               fair__learn_xgb_oosterSlice
#define XGBoosterUpdateOneIter       fair__learn_xgb_oosterUpdateOneIter
#define XGDMatrixFree                fair__learn_xgb_DMatrixFree
#define XGDMatrixSetFloatInfo        fair__learn_xgb_DMatrixSetFloatInfo
#define XGDMatrixCreateFromMat_omp   fair__learn_xgb_DMatrixCreateFromMat_omp

#endif
