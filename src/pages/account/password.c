/*
 * password.c — see password.h.
 */
#include "pages/account/password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

#define PASSWORD_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PASSWORD_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#define WORD_LIST_MAX_BYTES (8u * 1024 * 1024)

static char *words_buf;
static struct str *words;
static size_t words_n;
static char dummy_hash[PASSWORD_HASH_BYTES];

static int word_cmp(const void *a, const void *b)
{
	const struct str *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->p, y->p, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

enum mm_err password_init(void)
{
	if (sodium_init() < 0)
		return MM_ERR_IO;
	if (!dummy_hash[0] &&
	    crypto_pwhash_str(dummy_hash, "mamori-dummy", 12, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT))
		return MM_ERR_NOMEM;
	if (words)
		return MM_OK;
	FILE *f = fopen(PASSWORD_WORD_LIST, "rb");
	if (!f) {
		log_error("password: %s is missing; common passwords are not refused",
		          PASSWORD_WORD_LIST);
		return MM_OK;
	}
	words_buf = malloc(WORD_LIST_MAX_BYTES + 1);
	size_t n = words_buf ? fread(words_buf, 1, WORD_LIST_MAX_BYTES, f) : 0;
	fclose(f);
	if (!words_buf)
		return MM_ERR_NOMEM;
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += words_buf[i] == '\n';
	words = malloc((lines + 1) * sizeof *words);
	if (!words)
		return MM_ERR_NOMEM;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || words_buf[i] == '\n') {
			if (i > start)
				words[words_n++] = (struct str){words_buf + start, i - start};
			start = i + 1;
		}
	}
	qsort(words, words_n, sizeof *words, word_cmp);
	return MM_OK;
}

void password_free(void)
{
	free(words);
	free(words_buf);
	words = NULL;
	words_buf = NULL;
	words_n = 0;
}

size_t password_word_count(void)
{
	return words_n;
}

bool password_is_common(void *data, struct str word)
{
	(void)data;
	return words && bsearch(&word, words, words_n, sizeof *words, word_cmp) != NULL;
}

const char *password_problem(struct str password, struct str email)
{
	switch (core_password_check(password, email, password_is_common, NULL)) {
	case PASSWORD_OK:
		return NULL;
	case PASSWORD_TOO_SHORT:
		return "password.too_short";
	case PASSWORD_TOO_LONG:
		return "password.too_long";
	case PASSWORD_COMMON:
		return "password.common";
	case PASSWORD_CONTAINS_EMAIL:
		return "password.contains_email";
	}
	return "password.too_short";
}

enum mm_err password_hash(struct str password, char out[PASSWORD_HASH_BYTES])
{
	if (crypto_pwhash_str(out, password.p, password.n, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT))
		return MM_ERR_NOMEM; /* the memory limit could not be allocated */
	return MM_OK;
}

bool password_verify(struct str hash, struct str password)
{
	char h[PASSWORD_HASH_BYTES];
	if (hash.n == 0 || hash.n >= sizeof h)
		return false;
	memcpy(h, hash.p, hash.n);
	h[hash.n] = '\0';
	return crypto_pwhash_str_verify(h, password.p, password.n) == 0;
}

void password_verify_dummy(struct str password)
{
	if (crypto_pwhash_str_verify(dummy_hash, password.p, password.n) == 0)
		log_error("password: the dummy hash matched a password");
}
