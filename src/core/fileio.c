/* fileio.c - whole-file reads and atomic writes; see fileio.h. */
#include "skillsbot/fileio.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sb_file_read(char **out, size_t *len_out, const char *path, size_t max)
{
	sb_buf b;
	char chunk[65536];
	int fd, err = SB_OK;
	ssize_t n;

	*out = NULL;
	fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sb_error_set(errno == ENOENT ? SB_ENOTFOUND : SB_EIO,
				    "%s: %s", path, strerror(errno));
	sb_buf_init(&b, max);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = sb_error_set(SB_EIO, "%s: %s", path,
					   strerror(errno));
			break;
		}
		if ((err = sb_buf_add(&b, chunk, (size_t)n)) < 0) {
			sb_error_prefix(err, "%s", path);
			break;
		}
	}
	if (fd != 0)
		close(fd);
	if (err < 0) {
		sb_buf_dispose(&b);
		return err;
	}
	*out = sb_buf_take(&b, len_out);
	return SB_OK;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int sb_file_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = sb_asprintf("%s.tmp.%ld", path, (long)getpid());
	int fd, err = SB_OK;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = sb_error_set(SB_EIO, "%s: %s", tmp, strerror(errno));
		goto done;
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		err = sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		err = sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
done:
	free(tmp);
	return err;
}

char *sb_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return sb_strdup(".");
	return sb_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

char *sb_title_to_filename(const char *title)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (const char *s = title; *s; s++) {
		if (*s == '%')
			sb_buf_adds(&b, "%25");
		else if (*s == '/')
			sb_buf_adds(&b, "%2F");
		else if (*s == ':')
			sb_buf_adds(&b, "%3A");
		else
			sb_buf_addc(&b, *s);
	}
	return sb_buf_take(&b, NULL);
}

char *sb_filename_to_title(const char *name)
{
	static const struct {
		const char *esc;
		char c;
	} escapes[] = {{"%25", '%'}, {"%2F", '/'}, {"%2f", '/'},
		       {"%3A", ':'}, {"%3a", ':'}};
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (const char *s = name; *s; s++) {
		size_t k = 0;

		while (k < sizeof(escapes) / sizeof(escapes[0]) && strncmp(s, escapes[k].esc, 3) != 0)
			k++;
		if (k < sizeof(escapes) / sizeof(escapes[0])) {
			sb_buf_addc(&b, escapes[k].c);
			s += 2;
		} else {
			sb_buf_addc(&b, *s);
		}
	}
	return sb_buf_take(&b, NULL);
}
