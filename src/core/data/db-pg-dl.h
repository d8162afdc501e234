/* db-pg-dl.h -- libpq's functions as db-pg.c calls them when libpq is
 * opened on first use (FAIRSH_HAVE_LIBPQ_DL; see db-pg-dl.c). Each name
 * used by db-pg.c becomes a call through a table filled by dlsym, so the
 * source reads as plain libpq. Include after <libpq-fe.h>. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DATA_DB_PG_DL_H
#define FAIRSH_DATA_DB_PG_DL_H

#ifdef FAIRSH_HAVE_LIBPQ_DL
#include "fairsh/error.h"

/* Every libpq function db-pg.c calls: a new one must be added here. */
#define FAIR_PQ_FUNCS(X) \
	X(PQcancel) X(PQclear) X(PQconnectdb) X(PQerrorMessage) X(PQexec) X(PQfinish) X(PQfname) \
	X(PQfreeCancel) X(PQftype) X(PQgetCancel) X(PQgetisnull) X(PQgetlength) X(PQgetResult) \
	X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQputCopyData) X(PQputCopyEnd) X(PQreset) \
	X(PQresultErrorMessage) X(PQresultStatus) X(PQsendQueryParams) X(PQsetNoticeProcessor) \
	X(PQsetSingleRowMode) X(PQstatus)

struct fair__pq_api {
#define FAIR_PQ_MEMBER(f) __typeof__(&f) f;
	FAIR_PQ_FUNCS(FAIR_PQ_MEMBER)
#undef FAIR_PQ_MEMBER
};
extern struct fair__pq_api fair__pq;

/* Opens libpq once (thread-safe); FAIR_OK, or an error naming the package. */
int fair__data_pq_load(fair_error *err);

#ifndef FAIR_PQ_NO_MACROS
#define PQcancel (fair__pq.PQcancel)
#define PQclear (fair__pq.PQclear)
#define PQconnectdb (fair__pq.PQconnectdb)
#define PQerrorMessage (fair__pq.PQerrorMessage)
#define PQexec (fair__pq.PQexec)
#define PQfinish (fair__pq.PQfinish)
#define PQfname (fair__pq.PQfname)
#define PQfreeCancel (fair__pq.PQfreeCancel)
#define PQftype (fair__pq.PQftype)
#define PQgetCancel (fair__pq.PQgetCancel)
#define PQgetisnull (fair__pq.PQgetisnull)
#define PQgetlength (fair__pq.PQgetlength)
#define PQgetResult (fair__pq.PQgetResult)
#define PQgetvalue (fair__pq.PQgetvalue)
#define PQnfields (fair__pq.PQnfields)
#define PQntuples (fair__pq.PQntuples)
#define PQputCopyData (fair__pq.PQputCopyData)
#define PQputCopyEnd (fair__pq.PQputCopyEnd)
#define PQreset (fair__pq.PQreset)
#define PQresultErrorMessage (fair__pq.PQresultErrorMessage)
#define PQresultStatus (fair__pq.PQresultStatus)
#define PQsendQueryParams (fair__pq.PQsendQueryParams)
#define PQsetNoticeProcessor (fair__pq.PQsetNoticeProcessor)
#define PQsetSingleRowMode (fair__pq.PQsetSingleRowMode)
#define PQstatus (fair__pq.PQstatus)
#endif
#endif /* FAIRSH_HAVE_LIBPQ_DL */
#endif
