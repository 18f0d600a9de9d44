/* fuzz_dump.c - the XML dump reader must never crash on any input. */
#include "skillsbot/dump.h"

#include <stdint.h>

static volatile unsigned sink;

static int on_page(void *ud, const sb_dump_page *p)
{
	unsigned sum = 0;

	(void)ud;
	/* Touch every byte so a bad length shows up under ASan. */
	for (size_t i = 0; i < p->text_len; i++)
		sum += (unsigned char)p->text[i];
	sink = sum;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_dump_reader_opts o = {.on_page = on_page, .max_text = 1 << 20};

	sb_dump_read_memory((const char *)data, size, "fuzz", &o);
	return 0;
}
