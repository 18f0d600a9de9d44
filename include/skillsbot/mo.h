/*
 * mo.h - a gettext message catalogue (.mo file), read into memory.
 *
 * Used for the translations that Debian's iso-codes ships as catalogues
 * (country names in /usr/share/locale/LANG/LC_MESSAGES/iso_3166-1.mo):
 * skillsbot never switches the process locale, it only looks a text up.
 * The file is outside input: every count, length and offset is checked,
 * and a catalogue that does not hold up is refused with the file's name.
 * Plural forms and contexts are not used: a translation is its first
 * form. The catalogue owns its strings; sb_mo_free() frees them.
 */
#ifndef SKILLSBOT_MO_H
#define SKILLSBOT_MO_H

#include <stddef.h>

typedef struct sb_mo sb_mo;

/* Read the catalogue at `path`. SB_ENOTFOUND when there is no such file,
 * SB_EINVALID when it is not a catalogue (the message names the file). */
int sb_mo_load(sb_mo **out, const char *path);

/* The same from bytes in memory; `name` names them in messages. */
int sb_mo_parse(sb_mo **out, const void *data, size_t len, const char *name);

void sb_mo_free(sb_mo *mo);

/* The translation of `msgid`, or NULL when there is none (or it is
 * empty). Borrowed from the catalogue. */
const char *sb_mo_get(const sb_mo *mo, const char *msgid);

/* How many translations the catalogue holds. */
size_t sb_mo_count(const sb_mo *mo);

#endif
