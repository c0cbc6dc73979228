/*
 * metrics.c — see metrics.h. One mutex around a small table: a request
 * takes it once, for a few nanoseconds, which costs nothing next to the
 * request itself.
 */
#include "web/metrics.h"

#include <pthread.h>
#include <string.h>

/* Upper bounds of the latency buckets, in seconds. */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                   0.1,    0.25,  0.5,    1,     2.5,  5};
#define BUCKETS (sizeof bucket_le / sizeof bucket_le[0])

struct series {
	const char *route;
	int status;
	uint64_t count;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[METRICS_MAX_SERIES];
static size_t series_n;
static uint64_t overflow; /* observations that found the table full */
static uint64_t buckets[BUCKETS];
static uint64_t observed;
static double sum_seconds;

void metrics_observe(const char *route, int status, uint64_t duration_us)
{
	double seconds = (double)duration_us / 1e6;
	pthread_mutex_lock(&lock);
	/* Routes are the route table's own strings: the same pointer each
	 * time, so compare pointers first and text only for a new pointer. */
	size_t i = 0;
	while (i < series_n && !(series[i].status == status && series[i].route == route))
		i++;
	if (i == series_n) {
		i = 0;
		while (i < series_n &&
		       !(series[i].status == status && strcmp(series[i].route, route) == 0))
			i++;
	}
	if (i == series_n && series_n < METRICS_MAX_SERIES)
		series[series_n++] = (struct series){route, status, 0};
	if (i < series_n)
		series[i].count++;
	else
		overflow++;
	for (size_t b = 0; b < BUCKETS; b++)
		if (seconds <= bucket_le[b])
			buckets[b]++;
	observed++;
	sum_seconds += seconds;
	pthread_mutex_unlock(&lock);
}

/* Label values are route patterns from our own table: no quotes or
 * backslashes to escape, but escape anyway so the format can't break. */
static enum mm_err label(struct buf *out, const char *s)
{
	for (; *s; s++) {
		enum mm_err e = (*s == '"' || *s == '\\') ? buf_printf(out, "\\%c", *s)
		                                          : buf_append_char(out, *s);
		if (e)
			return e;
	}
	return MM_OK;
}

enum mm_err metrics_render(struct buf *out)
{
	enum mm_err e = MM_OK;
	pthread_mutex_lock(&lock);
	e = buf_append_cstr(
	    out, "# HELP mamori_http_requests_total HTTP requests answered, by route and status.\n"
	         "# TYPE mamori_http_requests_total counter\n");
	for (size_t i = 0; i < series_n && !e; i++) {
		if ((e = buf_append_cstr(out, "mamori_http_requests_total{route=\"")) ||
		    (e = label(out, series[i].route)))
			break;
		e = buf_printf(out, "\",status=\"%d\"} %llu\n", series[i].status,
		               (unsigned long long)series[i].count);
	}
	if (!e)
		e = buf_printf(out,
		               "# HELP mamori_metrics_series_dropped_total Observations not "
		               "counted by route because "
		               "the series table was full.\n"
		               "# TYPE mamori_metrics_series_dropped_total counter\n"
		               "mamori_metrics_series_dropped_total %llu\n"
		               "# HELP mamori_http_request_duration_seconds Time from request line "
		               "to response.\n"
		               "# TYPE mamori_http_request_duration_seconds histogram\n",
		               (unsigned long long)overflow);
	for (size_t b = 0; b < BUCKETS && !e; b++)
		e = buf_printf(out, "mamori_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		               bucket_le[b], (unsigned long long)buckets[b]);
	if (!e)
		e = buf_printf(out,
		               "mamori_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
		               "mamori_http_request_duration_seconds_sum %.6f\n"
		               "mamori_http_request_duration_seconds_count %llu\n",
		               (unsigned long long)observed, sum_seconds,
		               (unsigned long long)observed);
	pthread_mutex_unlock(&lock);
	return e;
}
