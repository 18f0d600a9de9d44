/* replay.c - run a fuzz target over every file of its corpus, so the
 * corpus is a regression suite in ordinary (and sanitizer) builds. */
#include "skillsbot/fileio.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	struct dirent **names;
	int n, ran = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	n = scandir(argv[1], &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: cannot read corpus\n", argv[1]);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		char *data;
		size_t len;

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", argv[1],
				 names[i]->d_name);
			if (sb_file_read(&data, &len, path, 64 << 20) == 0) {
				LLVMFuzzerTestOneInput((const uint8_t *)data, len);
				free(data);
				ran++;
			}
		}
		free(names[i]);
	}
	free(names);
	printf("replayed %d inputs from %s\n", ran, argv[1]);
	return ran > 0 ? 0 : 1;
}
