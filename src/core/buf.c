/* buf.c - capped growable buffer; see include/skillsbot/buf.h. */
#include "skillsbot/buf.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_buf_init(sb_buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void sb_buf_dispose(sb_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

void sb_buf_reset(sb_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Make room for n more bytes plus the NUL, or fail and empty the buffer. */
static int reserve(sb_buf *b, size_t n)
{
	size_t need, cap;

	if (n > b->max || b->len > b->max - n) {
		sb_buf_dispose(b);
		return sb_error_set(SB_ETOOBIG,
				    "buffer would exceed its limit of %zu bytes",
				    b->max);
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return SB_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->ptr = sb_realloc(b->ptr, cap);
	b->cap = cap;
	return SB_OK;
}

int sb_buf_add(sb_buf *b, const void *p, size_t n)
{
	int err;

	if ((err = reserve(b, n)) < 0)
		return err;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return SB_OK;
}

int sb_buf_adds(sb_buf *b, const char *s)
{
	return sb_buf_add(b, s, strlen(s));
}

int sb_buf_addc(sb_buf *b, char c)
{
	return sb_buf_add(b, &c, 1);
}

int sb_buf_vaddf(sb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, err;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return sb_error_set(SB_ERROR, "bad format string");
	if ((err = reserve(b, (size_t)n)) < 0)
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return SB_OK;
}

int sb_buf_addf(sb_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sb_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

const char *sb_buf_str(const sb_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *sb_buf_take(sb_buf *b, size_t *len_out)
{
	char *p = b->ptr ? b->ptr : sb_strdup("");

	if (len_out)
		*len_out = b->len;
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
