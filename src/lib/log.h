/*
 * log.h — diagnostics to stderr, one line each, with a UTC timestamp.
 * The access log (one line per request) is written by the HTTP layer with
 * log_line(); detail of internal errors goes through log_error() and never
 * to the user.
 */
#ifndef MM_LOG_H
#define MM_LOG_H

#include <stdbool.h>

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A whole pre-formatted line, written with one write(2) so lines from
 * several threads never interleave. */
void log_line(const char *line, unsigned long n);
/* "2026-11-25T19:21:40Z" into out (at least 21 bytes). */
void log_timestamp(char *out, unsigned long size);
void log_set_quiet(bool quiet);

#endif
