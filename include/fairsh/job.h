/* job.h -- background work on POSIX threads (Redis bio style).
 *
 * DESIGN: a job runs one function in its own thread over an immutable
 * snapshot it owns (for training: a fair_train_spec). The worker never
 * touches the session, the terminal or other jobs; it reports progress
 * through a fair_progress and polls its cancel flag. When it ends it stores
 * its state/result/error under the job lock and writes one byte to the
 * notification fd, which wakes the main loop; the main thread then takes the
 * result (fair_job_take_result) and installs it. Threads are always joined
 * (fair_job_join / fair_job_free), never detached. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JOB_H
#define FAIRSH_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"

enum fair_job_state {
	FAIR_JOB_RUNNING = 0,
	FAIR_JOB_DONE,
	FAIR_JOB_FAILED,
	FAIR_JOB_CANCELED
};

typedef struct fair_job fair_job;

/* The work: returns a result pointer (owned by the job until taken) or NULL
 * with @err set. @arg is the job's own snapshot. */
typedef void *(*fair_job_fn)(void *arg, fair_progress *prog, fair_error *err);

/* Starts @fn(@arg) in a new thread. The job takes ownership of @arg and
 * frees it with @free_arg after the thread ended. @free_result frees a
 * result nobody took. @notify_fd (or -1) receives one byte on completion.
 * @name, @what are copied ("logreg1", "logreg C=1"). Returns NULL with an
 * error when the thread cannot be created (then @arg is freed too). */
fair_job *fair_job_start(const char *name, const char *what, const char *session,
                         fair_job_fn fn, void *arg, void (*free_arg)(void *),
                         void (*free_result)(void *), int notify_fd, fair_error *err);

const char *fair_job_name(const fair_job *j);
const char *fair_job_what(const fair_job *j);
const char *fair_job_session(const fair_job *j);
int         fair_job_state(fair_job *j);
fair_progress *fair_job_progress(fair_job *j);
/* Seconds since start (until the end for finished jobs). */
double      fair_job_elapsed(fair_job *j);
/* Estimated seconds left from progress so far, or NaN. */
double      fair_job_eta(fair_job *j);
/* Copies the error of a failed job into @err. */
void        fair_job_error(fair_job *j, fair_error *err);
/* Asks the worker to stop (returns at once). */
void        fair_job_cancel(fair_job *j);
/* Waits for the thread to end (idempotent). */
void        fair_job_join(fair_job *j);
/* Hands the result to the caller (once; NULL if none). Argument of the job
 * (the snapshot) is still owned by the job. */
void       *fair_job_take_result(fair_job *j);
/* The job's argument (borrowed), e.g. to read a note the worker left; NULL
 * after fair_job_release_arg. */
void       *fair_job_arg(fair_job *j);
/* Once the job has ended and its result was taken: frees its argument
 * (a training snapshot holds the rows, targets and groups: about 20 bytes
 * per training row, and a reference to the data) and keeps @note (a copy;
 * may be NULL), so that a finished job holds no data. fair_job_arg is NULL
 * afterwards. Joins first. */
void        fair_job_release_arg(fair_job *j, const char *note);
/* The note kept by fair_job_release_arg, or "". */
const char *fair_job_note(const fair_job *j);
/* True once the main thread has reported the job's end. */
bool        fair_job_reported(fair_job *j);
void        fair_job_set_reported(fair_job *j);
/* Cancels if needed, joins and frees everything. NULL is a no-op. */
void        fair_job_free(fair_job *j);

#endif
