/*
 * log.c — see log.h.
 */
#include "lib/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "lib/civil.h"

enum { LOG_LINE_MAX = 2048 };

static bool quiet;

void log_set_quiet(bool q)
{
	quiet = q;
}

void log_timestamp(char *out, unsigned long size)
{
	/* The same second is formatted once per thread. */
	static _Thread_local time_t last = -1;
	static _Thread_local char text[32];
	time_t now = time(NULL);
	if (now != last) {
		struct civil c = civil_utc((int64_t)now);
		snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute,
			 c.second);
		last = now;
	}
	if (size)
		snprintf(out, size, "%s", text);
}

void log_line(const char *line, unsigned long n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, line, n);
		if (w <= 0)
			return;
		line += w;
		n -= (unsigned long)w;
	}
}

static void log_v(const char *level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void log_v(const char *level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	char ts[32];
	log_timestamp(ts, sizeof ts);
	int n = snprintf(line, sizeof line, "%s %s ", ts, level);
	if (n < 0)
		return;
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	if (len > sizeof line - 2)
		len = sizeof line - 2; /* a diagnostic may be cut; a log line must end */
	line[len++] = '\n';
	log_line(line, len);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("error", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_v("info", fmt, ap);
	va_end(ap);
}
