/*
 * log.h — diagnostics to stderr, one line each, with a UTC timestamp.
 * The access log (one line per request) is written by the HTTP layer with
 * log_access(), buffered; detail of internal errors goes through
 * log_error() and never to the user.
 */
#ifndef MM_LOG_H
#define MM_LOG_H

#include <stdbool.h>

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A whole pre-formatted line, written with one write(2) so lines from
 * several threads never interleave. */
void log_line(const char *line, unsigned long n);
/* An access-log line, kept in a buffer shared by all threads and written
 * when the buffer is full, when its oldest line is LOG_ACCESS_FLUSH_MS
 * old, before any other log line (so the order is kept), and by
 * log_flush(), which the server calls every second and at shutdown: one
 * write(2) per few dozen requests instead of one each. (Measured: 4 KiB
 * gave the same throughput as 32 KiB with a third of the tail latency;
 * long runs without a system call let the load's other threads queue.)
 * Lines from the last second may be lost if the process is killed. */
#define LOG_ACCESS_BUFFER (4u * 1024)
#define LOG_ACCESS_FLUSH_MS 1000
void log_access(const char *line, unsigned long n);
void log_flush(void);
/* "2026-11-25T19:21:40Z" into out (at least 21 bytes). */
void log_timestamp(char *out, unsigned long size);
void log_set_quiet(bool quiet);

#endif
