/*
 * buf.h - a growable byte buffer, always NUL-terminated, with a size cap.
 *
 * The one growable buffer of the project (after curl's dynbuf): no other
 * module writes its own realloc loop for text. The cap is fixed at init;
 * an append past it fails with SB_ETOOBIG and frees the contents, so a
 * failed buffer is empty and safe to dispose or reuse.
 */
#ifndef SKILLSBOT_BUF_H
#define SKILLSBOT_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sb_buf {
	char *ptr;   /* NUL-terminated; NULL until the first append */
	size_t len;  /* bytes held, without the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* the cap: len may never exceed it */
} sb_buf;

#define SB_BUF_UNLIMITED ((size_t)-1 / 2)

/* Start an empty buffer that may hold at most `max` bytes. */
void sb_buf_init(sb_buf *b, size_t max);
/* Free the contents; the buffer is empty again (same cap). */
void sb_buf_dispose(sb_buf *b);
/* Empty the buffer but keep its memory. */
void sb_buf_reset(sb_buf *b);

int sb_buf_add(sb_buf *b, const void *p, size_t n);
int sb_buf_adds(sb_buf *b, const char *s);
int sb_buf_addc(sb_buf *b, char c);
int sb_buf_addf(sb_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sb_buf_vaddf(sb_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The contents ("" when empty). Borrowed: valid until the next change. */
const char *sb_buf_str(const sb_buf *b);

/* Hand the bytes to the caller (who frees them) and leave the buffer empty.
 * Never NULL: an empty buffer gives a new "". */
char *sb_buf_take(sb_buf *b, size_t *len_out);

#endif
