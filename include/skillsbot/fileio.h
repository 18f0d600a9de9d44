/*
 * fileio.h - whole-file reads and crash-safe writes.
 */
#ifndef SKILLSBOT_FILEIO_H
#define SKILLSBOT_FILEIO_H

#include <stddef.h>

/* Read a whole file ("-" is standard input) into a new NUL-terminated
 * string. Fails with SB_ENOTFOUND / SB_EIO / SB_ETOOBIG, naming the path. */
int sb_file_read(char **out, size_t *len_out, const char *path, size_t max);

/* Write a file atomically: a temporary file beside it, fsync, rename. On
 * failure (a full disk included) nothing is left behind and the old file,
 * if any, is untouched. */
int sb_file_write_atomic(const char *path, const void *data, size_t len);

/* The directory part of `path`, as a new string: "." when it has no
 * "/", "/" for a file at the root ("a/b" -> "a", "/b" -> "/"). */
char *sb_path_dir(const char *path);

/* The file name of a page title, as wikitext/examples/ names its files:
 * "%" -> "%25", "/" -> "%2F", ":" -> "%3A". A new string. */
char *sb_title_to_filename(const char *title);

/* The other way: a file's base name without its extension back to the
 * page title ("%3A" -> ":", "%2F" -> "/", "%25" -> "%"; any other "%"
 * is kept as is). A new string. */
char *sb_filename_to_title(const char *name);

#endif
