/*
 * events_demo.h — the communities and events of `mamori seed-demo`
 * (content/demo/events.json): two invented communities, one regional and
 * one for clinics and pharmacies, with organisers, members, a study
 * programme, and past and coming events of every kind with registrations
 * (a full one with a waiting list), attendance and training records.
 */
#ifndef MM_APP_EVENTS_DEMO_H
#define MM_APP_EVENTS_DEMO_H

#include "store/store.h"

/* *inserted: communities and events added (0 when they are there already). */
MM_MUST_USE enum mm_err events_demo_seed(struct store *s, int *inserted, char err[256]);

#endif
