/*
 * search_text.c — see search_text.h. Works on UTF-8 bytes: hiragana and
 * katakana are both three-byte sequences starting with 0xE3, so a shift
 * by 0x60 keeps the length, and folding never changes the length.
 */
#include "core/search_text.h"

#include <stdlib.h>
#include <string.h>

static bool continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Folds n bytes of in into out (the same length). */
static void fold_bytes(const char *in, size_t n, char *out)
{
	memcpy(out, in, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char *u = (unsigned char *)out + i;
		if (u[0] >= 'A' && u[0] <= 'Z')
			u[0] = (unsigned char)(u[0] + ('a' - 'A'));
		else if (u[0] < 0x20 || u[0] == 0x7f)
			u[0] = ' ';
		else if (u[0] == 0xe3 && i + 3 <= n) {
			unsigned cp =
			    ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
			if (cp >= 0x3041 && cp <= 0x3096) {
				cp += 0x60;
				u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
				u[2] = (unsigned char)(0x80 | (cp & 0x3f));
			}
			i += 2;
		}
	}
}

enum mm_err core_search_fold(struct arena *a, struct str text, struct str *out)
{
	if (text.n > SEARCH_TEXT_MAX_BYTES)
		return MM_ERR_INVALID;
	char *p = arena_alloc(a, text.n + 1);
	if (!p)
		return MM_ERR_NOMEM;
	fold_bytes(text.p, text.n, p);
	p[text.n] = '\0';
	*out = (struct str){p, text.n};
	return MM_OK;
}

enum mm_err core_search_text(struct arena *a, struct str name, struct str kana, struct str *out)
{
	if (name.n > SEARCH_TEXT_MAX_BYTES || kana.n > SEARCH_TEXT_MAX_BYTES)
		return MM_ERR_INVALID;
	char *p = arena_alloc(a, name.n + kana.n + 2);
	if (!p)
		return MM_ERR_NOMEM;
	fold_bytes(name.p, name.n, p);
	p[name.n] = SEARCH_TEXT_SEPARATOR;
	fold_bytes(kana.p, kana.n, p + name.n + 1);
	p[name.n + 1 + kana.n] = '\0';
	*out = (struct str){p, name.n + 1 + kana.n};
	return MM_OK;
}

/* Old and variant kanji forms and their everyday forms, sorted by the
 * bytes of the first (a binary search finds them). */
static const char variants[][2][4] = {
    {"乘", "乗"}, {"來", "来"}, {"傳", "伝"}, {"兒", "児"}, {"冨", "富"}, {"勞", "労"},
    {"區", "区"}, {"單", "単"}, {"國", "国"}, {"圓", "円"}, {"圖", "図"}, {"團", "団"},
    {"壓", "圧"}, {"壽", "寿"}, {"學", "学"}, {"實", "実"}, {"寫", "写"}, {"寶", "宝"},
    {"專", "専"}, {"對", "対"}, {"屆", "届"}, {"嵜", "崎"}, {"廣", "広"}, {"廳", "庁"},
    {"德", "徳"}, {"惠", "恵"}, {"惡", "悪"}, {"應", "応"}, {"戰", "戦"}, {"擔", "担"},
    {"據", "拠"}, {"擴", "拡"}, {"數", "数"}, {"會", "会"}, {"條", "条"}, {"榮", "栄"},
    {"樂", "楽"}, {"檢", "検"}, {"櫻", "桜"}, {"氣", "気"}, {"淺", "浅"}, {"滿", "満"},
    {"澤", "沢"}, {"濱", "浜"}, {"燒", "焼"}, {"營", "営"}, {"爭", "争"}, {"瓣", "弁"},
    {"畫", "画"}, {"發", "発"}, {"眞", "真"}, {"禮", "礼"}, {"稅", "税"}, {"絲", "糸"},
    {"經", "経"}, {"縣", "県"}, {"總", "総"}, {"續", "続"}, {"聲", "声"}, {"臺", "台"},
    {"與", "与"}, {"舊", "旧"}, {"萬", "万"}, {"藝", "芸"}, {"藥", "薬"}, {"處", "処"},
    {"號", "号"}, {"衞", "衛"}, {"觀", "観"}, {"證", "証"}, {"譯", "訳"}, {"讀", "読"},
    {"變", "変"}, {"賣", "売"}, {"賴", "頼"}, {"轉", "転"}, {"辨", "弁"}, {"辯", "弁"},
    {"邉", "辺"}, {"邊", "辺"}, {"醫", "医"}, {"鐵", "鉄"}, {"關", "関"}, {"隨", "随"},
    {"險", "険"}, {"雜", "雑"}, {"靈", "霊"}, {"靜", "静"}, {"顯", "顕"}, {"驗", "験"},
    {"驛", "駅"}, {"體", "体"}, {"髙", "高"}, {"黑", "黒"}, {"齊", "斉"}, {"齋", "斎"},
    {"齒", "歯"}, {"龍", "竜"}, {"﨑", "崎"}};
#define VARIANT_COUNT (sizeof variants / sizeof variants[0])

static int compare_variant(const void *key, const void *item)
{
	return memcmp(key, *(const char(*)[2][4])item, 3);
}

enum mm_err core_search_fold_variants(struct arena *a, struct str text, struct str *out)
{
	enum mm_err e = core_search_fold(a, text, out);
	if (e)
		return e;
	char *p = (char *)out->p;
	for (size_t i = 0; i + 3 <= out->n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0xe3 || c > 0xef || continuation(c))
			continue;
		const char(*v)[2][4] =
		    bsearch(p + i, variants, VARIANT_COUNT, sizeof variants[0], compare_variant);
		if (v)
			memcpy(p + i, (*v)[1], 3);
		i += 2;
	}
	return MM_OK;
}

static int compare_str(const void *x, const void *y)
{
	const struct str *s = x, *t = y;
	int c = memcmp(s->p, t->p, s->n < t->n ? s->n : t->n);
	return c ? c : (s->n > t->n) - (s->n < t->n);
}

/* The end of the code point starting at i. */
static size_t next_start(struct str s, size_t i)
{
	do
		i++;
	while (i < s.n && continuation((unsigned char)s.p[i]));
	return i;
}

/* Appends the unigrams and bigrams of part to out->items (room for 2 ×
 * its bytes). */
static void add_grams(struct str part, struct search_tokens *out)
{
	for (size_t i = 0; i < part.n;) {
		size_t j = next_start(part, i);
		out->items[out->n++] = (struct str){part.p + i, j - i};
		if (j < part.n)
			out->items[out->n++] = (struct str){part.p + i, next_start(part, j) - i};
		i = j;
	}
}

static void sort_unique(struct search_tokens *t)
{
	size_t k = 0;
	if (t->n == 0)
		return;
	qsort(t->items, t->n, sizeof *t->items, compare_str);
	for (size_t i = 1; i < t->n; i++)
		if (compare_str(&t->items[k], &t->items[i]) != 0)
			t->items[++k] = t->items[i];
	t->n = k + 1;
}

enum mm_err core_search_tokens(struct arena *a, struct str search_text, struct search_tokens *out)
{
	*out = (struct search_tokens){0};
	if (search_text.n > 2 * SEARCH_TEXT_MAX_BYTES + 1)
		return MM_ERR_INVALID;
	out->items = arena_alloc(a, sizeof *out->items * (2 * search_text.n + 1));
	if (!out->items)
		return MM_ERR_NOMEM;
	const char *sep = memchr(search_text.p, SEARCH_TEXT_SEPARATOR, search_text.n);
	size_t name_n = sep ? (size_t)(sep - search_text.p) : search_text.n;
	add_grams((struct str){search_text.p, name_n}, out);
	if (sep)
		add_grams((struct str){sep + 1, search_text.n - name_n - 1}, out);
	sort_unique(out);
	return MM_OK;
}

enum mm_err core_search_query_tokens(struct arena *a, struct str folded, struct search_tokens *out,
                                     bool *whole)
{
	*out = (struct search_tokens){0};
	*whole = true;
	if (folded.n == 0)
		return MM_OK;
	if (folded.n > SEARCH_QUERY_MAX_BYTES)
		return MM_ERR_INVALID;
	out->items = arena_alloc(a, sizeof *out->items * folded.n);
	if (!out->items)
		return MM_ERR_NOMEM;
	size_t second = next_start(folded, 0);
	if (second == folded.n || next_start(folded, second) == folded.n) {
		out->items[out->n++] = folded;
		return MM_OK;
	}
	*whole = false;
	for (size_t i = 0, j = second; j < folded.n; i = j, j = next_start(folded, j)) {
		struct str bigram = {folded.p + i, next_start(folded, j) - i};
		bool seen = false;
		for (size_t k = 0; k < out->n && !seen; k++)
			seen = compare_str(&out->items[k], &bigram) == 0;
		if (!seen)
			out->items[out->n++] = bigram;
	}
	return MM_OK;
}
