/*
 * datadir.h - where skillsbot finds its layouts, messages and default
 * taxonomy: $SB_DATADIR, else the source tree's wikitext/ (a build tree),
 * else the installed share/skillsbot.
 */
#ifndef SKILLSBOT_DATADIR_H
#define SKILLSBOT_DATADIR_H

/* The folder (borrowed, static). */
const char *sb_datadir(void);

/* A new string: the folder joined with `rel`. */
char *sb_datadir_path(const char *rel);

#endif
