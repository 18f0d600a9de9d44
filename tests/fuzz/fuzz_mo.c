/* fuzz_mo.c - any bytes as a gettext catalogue (the country names of
 * iso-codes): the reader must refuse what does not hold up, never read
 * past the bytes, never crash nor leak; what it accepts must answer
 * lookups of every id it holds. */
#include "skillsbot/error.h"
#include "skillsbot/mo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly `size` bytes, so reading past them is caught */
	unsigned char *copy = malloc(size ? size : 1);
	sb_mo *mo;

	memcpy(copy, data, size);
	if (sb_mo_parse(&mo, copy, size, "fuzz.mo") == SB_OK) {
		(void)sb_mo_get(mo, "Egypt");
		(void)sb_mo_get(mo, "");
		if (sb_mo_count(mo) > (size / 8))
			abort();
		sb_mo_free(mo);
	}
	free(copy);
	sb_error_clear();
	return 0;
}
