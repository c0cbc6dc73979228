/*
 * log.c — see log.h.
 */
#include "lib/log.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/civil.h"

enum { LOG_LINE_MAX = 2048 };

static bool quiet;

static pthread_mutex_t access_lock = PTHREAD_MUTEX_INITIALIZER;
static char access_buf[LOG_ACCESS_BUFFER];
static size_t access_n;
static struct timespec access_since; /* when the oldest buffered line came */

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, p, n);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* With access_lock held. */
static void access_flush_locked(void)
{
	write_all(access_buf, access_n);
	access_n = 0;
}

void log_flush(void)
{
	pthread_mutex_lock(&access_lock);
	access_flush_locked();
	pthread_mutex_unlock(&access_lock);
}

void log_access(const char *line, unsigned long n)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
	pthread_mutex_lock(&access_lock);
	if (access_n && access_n + n > sizeof access_buf)
		access_flush_locked();
	if (n > sizeof access_buf) {
		write_all(line, n);
	} else {
		if (!access_n)
			access_since = now;
		memcpy(access_buf + access_n, line, n);
		access_n += n;
		int64_t age_ms = (int64_t)(now.tv_sec - access_since.tv_sec) * 1000 +
		                 (now.tv_nsec - access_since.tv_nsec) / 1000000;
		if (age_ms >= LOG_ACCESS_FLUSH_MS)
			access_flush_locked();
	}
	pthread_mutex_unlock(&access_lock);
}

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
		civil_iso_utc((int64_t)now, text);
		last = now;
	}
	if (size)
		snprintf(out, size, "%s", text);
}

void log_line(const char *line, unsigned long n)
{
	/* access lines buffered before this one go first */
	pthread_mutex_lock(&access_lock);
	access_flush_locked();
	write_all(line, n);
	pthread_mutex_unlock(&access_lock);
}

static void log_v(const char *level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
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

/* Appends ch to out at *n as log_text_shown shows it; out has room for 4
 * more bytes. */
static void shown_byte(char *out, size_t *n, unsigned char ch, bool space_kept)
{
	static const char hex[] = "0123456789abcdef";
	if ((ch > 0x20 && ch < 0x7f && ch != '\\') || (ch == ' ' && space_kept)) {
		out[(*n)++] = (char)ch;
		return;
	}
	out[(*n)++] = '\\';
	out[(*n)++] = 'x';
	out[(*n)++] = hex[ch >> 4];
	out[(*n)++] = hex[ch & 15];
}

size_t log_text_shown(char *out, size_t size, struct str text, bool space_kept)
{
	static const char cut[] = "...";
	size_t n = 0, i = 0;
	assert(size >= 8);
	/* Each byte takes up to 4; "..." and the NUL stay possible. */
	for (; i < text.n && n + 4 + sizeof cut <= size; i++)
		shown_byte(out, &n, (unsigned char)text.p[i], space_kept);
	if (i < text.n) {
		memcpy(out + n, cut, sizeof cut - 1);
		n += sizeof cut - 1;
	}
	out[n] = '\0';
	return n;
}

const char *log_setting_shown(char out[LOG_SETTING_SHOWN_BYTES], const char *value)
{
	log_text_shown(out, LOG_SETTING_SHOWN_BYTES, str_from(value), true);
	return out;
}
