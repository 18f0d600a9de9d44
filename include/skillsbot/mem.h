/*
 * mem.h - allocation that never returns NULL.
 *
 * skillsbot is a daemon with bounded inputs: running out of memory is not a
 * condition it can recover from sensibly, so, like Redis and chrony, it logs
 * and aborts. No caller checks these results.
 */
#ifndef SKILLSBOT_MEM_H
#define SKILLSBOT_MEM_H

#include <stddef.h>

void *sb_malloc(size_t n);
void *sb_calloc(size_t count, size_t size);
void *sb_realloc(void *p, size_t n);
/* realloc for arrays: count * size, checked for overflow. */
void *sb_reallocarray(void *p, size_t count, size_t size);
char *sb_strdup(const char *s);
char *sb_strndup(const char *s, size_t n);
/* printf into a new string. */
char *sb_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array so that at least `need` elements fit; doubles capacity. */
#define SB_GROW(ptr, cap, need) \
	do { \
		if ((need) > (cap)) { \
			size_t sb_grow_n_ = (cap) ? (cap) * 2 : 8; \
			while (sb_grow_n_ < (need)) \
				sb_grow_n_ *= 2; \
			(ptr) = sb_reallocarray((ptr), sb_grow_n_, sizeof(*(ptr))); \
			(cap) = sb_grow_n_; \
		} \
	} while (0)

#endif
