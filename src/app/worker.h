/*
 * worker.h — a background thread of `mamori serve` (the mail outbox, the
 * consultation jobs, the daily jobs): started once, asked to stop at
 * shutdown, and its waits between rounds cut short when it is, so that
 * stopping takes at most one step of WORKER_PAUSE_STEP_MS beyond the
 * round under way. Also the name a process gives itself on the leases its
 * workers take.
 */
#ifndef MM_APP_WORKER_H
#define MM_APP_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"

#define WORKER_PAUSE_STEP_MS 50

/* A thread and whether it should go on; zero-initialised before start. */
struct worker {
	pthread_t thread;
	atomic_bool running;
	bool started;
};

/* Starts run(NULL) on a thread of its own; MM_ERR_IO when no thread could
 * be made. run loops while worker_running(w). */
MM_MUST_USE enum mm_err worker_start(struct worker *w, void *(*run)(void *));

/* Asks the thread to stop and waits for it; nothing when it never
 * started. */
void worker_stop(struct worker *w);

/* Whether the thread should go on (false once worker_stop() asked). */
bool worker_running(struct worker *w);

/* Waits up to ms, in steps of WORKER_PAUSE_STEP_MS, or less when the
 * thread is asked to stop. */
void worker_pause_ms(struct worker *w, int ms);

/* host:pid into out: this process's name, unique among those that share a
 * database, on the leases it takes. */
void worker_owner_name(char *out, size_t size);

#endif
