/* job.c -- background jobs on POSIX threads (see the DESIGN note in job.h). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fairsh/job.h"

struct fair_job {
	char           *name, *what, *session;
	fair_job_fn     fn;
	void           *arg;
	void          (*free_arg)(void *);
	void          (*free_result)(void *);
	int             notify_fd;
	pthread_t       thread;
	bool            joined;
	pthread_mutex_t lock;      /* guards state, result, error, t_end */
	int             state;
	void           *result;
	fair_error      error;
	double          t_start, t_end;
	bool            reported;
	char           *note;      /* kept when the argument is released */
	fair_progress   prog;
};

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *
worker(void *p)
{
	fair_job *j = p;
	fair_error err;
	void *res;

	fair_error_clear(&err);
	res = j->fn(j->arg, &j->prog, &err);
	pthread_mutex_lock(&j->lock);
	j->result = res;
	if (res != NULL)
		j->state = FAIR_JOB_DONE;
	else if (err.code == FAIR_ECANCELED || fair_progress_cancelled(&j->prog))
		j->state = FAIR_JOB_CANCELED;
	else
		j->state = FAIR_JOB_FAILED;
	j->error = err;
	j->t_end = now_s();
	pthread_mutex_unlock(&j->lock);
	if (j->notify_fd >= 0) {
		char c = 'j';
		ssize_t w;
		do
			w = write(j->notify_fd, &c, 1);
		while (w < 0 && errno == EINTR);
	}
	return NULL;
}

fair_job *
fair_job_start(const char *name, const char *what, const char *session, fair_job_fn fn, void *arg,
               void (*free_arg)(void *), void (*free_result)(void *), int notify_fd,
               fair_error *err)
{
	fair_job *j = calloc(1, sizeof *j);
	int rc;

	if (j == NULL || !(j->name = strdup(name)) || !(j->what = strdup(what ? what : "")) ||
	    !(j->session = strdup(session ? session : ""))) {
		if (j) {
			free(j->name);
			free(j->what);
		}
		free(j);
		if (free_arg)
			free_arg(arg);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	j->free_result = free_result;
	j->notify_fd = notify_fd;
	j->state = FAIR_JOB_RUNNING;
	j->t_start = now_s();
	fair_progress_init(&j->prog);
	pthread_mutex_init(&j->lock, NULL);
	rc = pthread_create(&j->thread, NULL, worker, j);
	if (rc != 0) {
		fair_error_set(err, FAIR_ENOMEM, "cannot start a thread: %s", strerror(rc));
		j->joined = true;
		fair_job_free(j);
		return NULL;
	}
	return j;
}

const char *fair_job_name(const fair_job *j) { return j->name; }
const char *fair_job_what(const fair_job *j) { return j->what; }
const char *fair_job_session(const fair_job *j) { return j->session; }
fair_progress *fair_job_progress(fair_job *j) { return &j->prog; }
void *fair_job_arg(fair_job *j) { return j->arg; }
bool fair_job_reported(fair_job *j) { return j->reported; }
void fair_job_set_reported(fair_job *j) { j->reported = true; }

int
fair_job_state(fair_job *j)
{
	int s;
	pthread_mutex_lock(&j->lock);
	s = j->state;
	pthread_mutex_unlock(&j->lock);
	return s;
}

double
fair_job_elapsed(fair_job *j)
{
	double e;
	pthread_mutex_lock(&j->lock);
	e = (j->state == FAIR_JOB_RUNNING ? now_s() : j->t_end) - j->t_start;
	pthread_mutex_unlock(&j->lock);
	return e;
}

double
fair_job_eta(fair_job *j)
{
	size_t it = atomic_load(&j->prog.iter), mx = atomic_load(&j->prog.iter_max);
	double e = fair_job_elapsed(j);

	if (fair_job_state(j) != FAIR_JOB_RUNNING)
		return 0;
	return fair_progress_eta(it, mx, e);
}

void
fair_job_error(fair_job *j, fair_error *err)
{
	pthread_mutex_lock(&j->lock);
	if (err)
		*err = j->error;
	pthread_mutex_unlock(&j->lock);
}

void
fair_job_cancel(fair_job *j)
{
	atomic_store(&j->prog.cancel, true);
}

void
fair_job_join(fair_job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = true;
	}
}

void *
fair_job_take_result(fair_job *j)
{
	void *r;
	pthread_mutex_lock(&j->lock);
	r = j->result;
	j->result = NULL;
	pthread_mutex_unlock(&j->lock);
	return r;
}

void
fair_job_free(fair_job *j)
{
	if (j == NULL)
		return;
	fair_job_cancel(j);
	fair_job_join(j);
	if (j->result && j->free_result)
		j->free_result(j->result);
	if (j->free_arg && j->arg)
		j->free_arg(j->arg);
	free(j->note);
	pthread_mutex_destroy(&j->lock);
	free(j->name);
	free(j->what);
	free(j->session);
	free(j);
}

void
fair_job_release_arg(fair_job *j, const char *note)
{
	fair_job_join(j);
	free(j->note);
	j->note = note && note[0] ? strdup(note) : NULL;
	if (j->free_arg && j->arg)
		j->free_arg(j->arg);
	j->arg = NULL;
}

const char *
fair_job_note(const fair_job *j)
{
	return j->note ? j->note : "";
}
