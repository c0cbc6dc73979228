/*
 * worker.c — see worker.h.
 */
#include "app/worker.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum mm_err worker_start(struct worker *w, void *(*run)(void *))
{
	atomic_store(&w->running, true);
	if (pthread_create(&w->thread, NULL, run, NULL)) {
		atomic_store(&w->running, false);
		return MM_ERR_IO;
	}
	w->started = true;
	return MM_OK;
}

void worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	atomic_store(&w->running, false);
	pthread_join(w->thread, NULL);
	w->started = false;
}

bool worker_running(struct worker *w)
{
	return atomic_load(&w->running);
}

void worker_pause_ms(struct worker *w, int ms)
{
	for (int waited = 0; waited < ms && worker_running(w); waited += WORKER_PAUSE_STEP_MS) {
		struct timespec ts = {0, WORKER_PAUSE_STEP_MS * 1000L * 1000L};
		nanosleep(&ts, NULL);
	}
}

void worker_owner_name(char *out, size_t size)
{
	char host[64] = "";
	if (gethostname(host, sizeof host - 1))
		snprintf(host, sizeof host, "unknown");
	snprintf(out, size, "%s:%ld", host, (long)getpid());
}
