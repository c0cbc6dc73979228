/*
 * sjis.c — see sjis.h.
 */
#include "lib/sjis.h"

#include <errno.h>
#include <iconv.h>

void sjis_open(struct sjis_reader *s)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	s->cd = cd == (iconv_t)-1 ? NULL : (void *)cd;
}

void sjis_close(struct sjis_reader *s)
{
	if (s->cd)
		iconv_close((iconv_t)s->cd);
	s->cd = NULL;
}

enum mm_err sjis_to_utf8(struct sjis_reader *s, struct arena *a, struct str in, struct str *out)
{
	*out = STR("");
	if (!s->cd)
		return MM_ERR_INVALID;
	/* One Shift_JIS byte becomes at most three UTF-8 bytes. */
	size_t cap = in.n * 3 + 1;
	char *buf = arena_alloc(a, cap);
	if (!buf)
		return MM_ERR_NOMEM;
	iconv((iconv_t)s->cd, NULL, NULL, NULL, NULL); /* back to the initial state */
	char *src = (char *)in.p, *dst = buf;
	size_t left = in.n, room = cap - 1;
	if (iconv((iconv_t)s->cd, &src, &left, &dst, &room) == (size_t)-1)
		return errno == E2BIG ? MM_ERR_NOMEM : MM_ERR_INVALID;
	*dst = '\0';
	*out = (struct str){buf, (size_t)(dst - buf)};
	return MM_OK;
}
