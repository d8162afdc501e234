/* db-pg-dl.c -- libpq opened when first used. Linked, libpq pulls in
 * about twenty libraries at every start of fairsh (OpenSSL, Kerberos,
 * LDAP, GnuTLS, SASL ...), whose symbol binding took most of the 10 ms
 * start-up budget, for sources most sessions never open. Here
 * fair__data_pg_open opens the library (dlopen, once for all threads)
 * before its first libpq call; every other call happens on a connection
 * made after that. When it cannot be opened the error names the package. */
/* SPDX-License-Identifier: MIT */
#include "data/data-private.h"

#ifdef FAIRSH_HAVE_LIBPQ_DL
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <libpq-fe.h>

#define FAIR_PQ_NO_MACROS
#include "data/db-pg-dl.h"

struct fair__pq_api fair__pq;

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_dlerror[400] = "not loaded";   /* "" once loaded */

static void
pq_open(void)
{
	/* the soname first (the runtime package has no libpq.so link) */
	static const char *const names[] = { "libpq.so.5", "libpq.so" };
	char first[240] = "";
	void *h = NULL;

	for (size_t i = 0; h == NULL && i < sizeof names / sizeof *names; i++)
		if ((h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL && i == 0) {
			const char *e = dlerror();
			snprintf(first, sizeof first, "%s", e ? e : "not found");
		}
	if (h == NULL) {
		snprintf(pq_dlerror, sizeof pq_dlerror, "cannot load the PostgreSQL client library (%s): install the "
		         "Debian package libpq5", first);
		return;
	}
#define X(f) \
	if ((*(void **)&fair__pq.f = dlsym(h, #f)) == NULL) { \
		snprintf(pq_dlerror, sizeof pq_dlerror, "the PostgreSQL client library has no %s: libpq >= 10 is needed", \
		         #f); \
		return; \
	}
	FAIR_PQ_FUNCS(X)
#undef X
	pq_dlerror[0] = '\0';
}

int
fair__data_pq_load(fair_error *err)
{
	pthread_once(&pq_once, pq_open);
	if (pq_dlerror[0] != '\0')
		return fair_error_set(err, FAIR_EINVAL, "%s", pq_dlerror);
	return FAIR_OK;
}
#else
/* ISO C wants a translation unit to declare something */
typedef int fair__pq_dl_unused;
#endif
