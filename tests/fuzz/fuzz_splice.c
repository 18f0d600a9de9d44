/* fuzz_splice.c - any page text: finding markers never crashes, a found
 * section lies between a begin and an end comment, and writing it keeps
 * every byte outside its inner bytes and is the same when done twice. */
#include "skillsbot/error.h"
#include "skillsbot/splice.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	sb_section_span sp;
	char *once, *twice;
	size_t l1, l2, tail;

	int checked = sb_splice_check(t, size, "F");
	int found = sb_splice_find(&sp, t, size, "a", "F");

	/* The whole-page check and the search agree on a broken page. */
	if (checked != 0 ? found != checked
			 : found != 0 && found != SB_ENOTFOUND)
		abort();
	if (found != 0)
		return 0;
	if (!(sp.begin + 4 <= sp.inner && sp.inner <= sp.inner_end &&
	      sp.inner_end + 4 <= sp.end && sp.end <= size) ||
	    memcmp(t + sp.begin, "<!--", 4) != 0 ||
	    memcmp(t + sp.inner_end, "<!--", 4) != 0 ||
	    memcmp(t + sp.inner - 3, "-->", 3) != 0 ||
	    memcmp(t + sp.end - 3, "-->", 3) != 0)
		abort();
	if (sb_splice_replace(&once, &l1, t, size, "a", "x", "F") != 0)
		abort();
	tail = size - sp.inner_end;
	if (l1 != sp.inner + 3 + tail || memcmp(once, t, sp.inner) != 0 ||
	    memcmp(once + sp.inner, "\nx\n", 3) != 0 ||
	    memcmp(once + sp.inner + 3, t + sp.inner_end, tail) != 0)
		abort();
	if (sb_splice_replace(&twice, &l2, once, l1, "a", "x", "F") != 0 ||
	    l2 != l1 || memcmp(once, twice, l1) != 0)
		abort();
	free(once);
	free(twice);
	return 0;
}
