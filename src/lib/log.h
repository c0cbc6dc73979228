/*
 * log.h — diagnostics to stderr, one line each, with a UTC timestamp.
 * The access log (one line per request) is written by the HTTP layer with
 * log_access(), buffered; detail of internal errors goes through
 * log_error() and never to the user.
 */
#ifndef MM_LOG_H
#define MM_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/str.h"

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

/* A text someone else chose (a request's path, a setting's value) as a
 * log line or an error message shows it: printable ASCII other than a
 * backslash as itself (a space too when space_kept), any other byte as
 * \xHH, so that the line stays one line, safe to grep and to print on a
 * terminal. Writes into out (size bytes, at least 8) as much of text as
 * fits with room left for "..." and the NUL; "..." ends a text that was
 * cut. Returns the length written. */
size_t log_text_shown(char *out, size_t size, struct str text, bool space_kept);
/* Room for a setting's value in a one-line start-up error: as much of it
 * as log_text_shown fits (24 bytes that all need escaping, 93 that do
 * not), so the message's own words always fit after it. */
#define LOG_SETTING_SHOWN_BYTES 100
/* The value of a setting (NULL: none) as a start-up error shows it. */
const char *log_setting_shown(char out[LOG_SETTING_SHOWN_BYTES], const char *value);

#endif
