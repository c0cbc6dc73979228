/*
 * plain_text.h — what text people type may hold, whichever area stores
 * it: no control characters (a crafted form can put any byte in a field),
 * and in text of several lines only the line breaks and tabs. The areas'
 * own rules (news_line_ok, service_text_ok, …) say which applies to which
 * field and call these.
 */
#ifndef MM_CORE_PLAIN_TEXT_H
#define MM_CORE_PLAIN_TEXT_H

#include <stdbool.h>

#include "lib/str.h"

/* Text of one line: no byte below 0x20, no DEL. */
bool plain_text_line_ok(struct str s);

/* Text of several lines: as plain_text_line_ok() but for '\n', '\r' and
 * '\t'. */
bool plain_text_lines_ok(struct str s);

#endif
