/*
 * store_lock.c - one process at a time on a state; see store.h.
 *
 * The lock is a POSIX record lock (fcntl F_SETLK) on a file of its own
 * next to the state, not on the state itself: SQLite takes record locks
 * on the database, and POSIX drops all of a process's locks on a file
 * when any descriptor of it is closed (SQLite closes the database on
 * every SIGHUP reload). A record lock rather than flock() because
 * F_GETLK tells who holds it, so the refusal can name the pid. The lock
 * file is named after the state's real path, so that a second name for
 * the same state (a symlink) does not get a lock of its own, even before
 * the state exists.
 */
#include "skillsbot/store.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Symlinks followed in a row at most: Linux's own bound (MAXSYMLINKS). */
#define LINK_HOPS_MAX 40

struct sb_store_lock {
	int fd;
	dev_t dev;
	ino_t ino;
};

static void whole_file(struct flock *fl, short type)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
}

/* The refusal when another process holds it. */
static int held_by_other(int fd, const char *path)
{
	struct flock fl;

	whole_file(&fl, F_WRLCK);
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK &&
	    fl.l_pid > 0)
		return sb_error_set(SB_EBUSY, "%s is in use by another skillsbot "
				    "(pid %ld); stop it first", path,
				    (long)fl.l_pid);
	return sb_error_set(SB_EBUSY, "%s is in use by another skillsbot; "
			    "stop it first", path);
}

/* The name a symlink at `path` leads to, as a new string: its target,
 * read relative to the link's own directory, link after link, until a
 * name that is no symlink; `path` itself when it is none. For a state
 * not created yet behind a symlink (the first start), that is the file
 * SQLite will create: its lock is the target's, so that a process given
 * the target's path, or started once the target exists, meets the same
 * lock. A loop is left to the open that follows (realpath says ELOOP
 * before this is asked); the bound only keeps a race finite. */
static char *link_end(const char *path)
{
	char *name = sb_strdup(path);
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	for (int hops = 0; hops < LINK_HOPS_MAX && lstat(name, &st) == 0 &&
	     S_ISLNK(st.st_mode); hops++) {
		char *dir, *next;

		n = readlink(name, target, sizeof(target) - 1);
		if (n < 0 || (size_t)n == sizeof(target) - 1)
			break;
		target[n] = '\0';
		if (target[0] == '/' || strchr(name, '/') == NULL) {
			next = sb_strdup(target);
		} else {
			dir = sb_path_dir(name);
			next = sb_asprintf("%s/%s", dir, target);
			free(dir);
		}
		free(name);
		name = next;
	}
	return name;
}

/* The lock file of the state at `path`, as a new string: beside the
 * file itself, symlinks followed, so that every name of one state (a
 * symlink to it, a path through a symlinked directory) gives one lock.
 * SQLite follows them too: its -wal and -shm files sit beside the real
 * file. A state not created yet is its name in its real directory, the
 * name a dangling symlink leads to; a directory that does not resolve is
 * left as written, for the open that follows to fail naming it. */
static char *lock_path_of(const char *path)
{
	char *real = realpath(path, NULL);
	int why = errno;
	char *name, *dir, *real_dir, *lock_path;
	const char *slash;

	if (real != NULL) {
		lock_path = sb_asprintf("%s.lock", real);
		free(real);
		return lock_path;
	}
	if (why != ENOENT)
		return sb_asprintf("%s.lock", path);
	name = link_end(path);
	slash = strrchr(name, '/');
	dir = sb_path_dir(name);
	real_dir = realpath(dir, NULL);
	if (real_dir == NULL)
		lock_path = sb_asprintf("%s.lock", name);
	else
		lock_path = sb_asprintf("%s%s%s.lock", real_dir,
					strcmp(real_dir, "/") == 0 ? "" : "/",
					slash == NULL ? name : slash + 1);
	free(real_dir);
	free(dir);
	free(name);
	return lock_path;
}

int sb_store_lock_new(sb_store_lock **out, const char *path)
{
	char *lock_path = lock_path_of(path);
	struct flock fl;
	struct stat st;
	int fd, err = SB_OK;

	*out = NULL;
	fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		err = sb_error_set(SB_EIO, "%s: cannot be written: %s: %s",
				   path, lock_path, strerror(errno));
		goto done;
	}
	whole_file(&fl, F_WRLCK);
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		err = errno == EACCES || errno == EAGAIN ?
		      held_by_other(fd, path) :
		      sb_error_set(SB_EIO, "%s: cannot lock %s: %s", path,
				   lock_path, strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		err = sb_error_set(SB_EIO, "%s: %s", lock_path, strerror(errno));
		goto done;
	}
	*out = sb_calloc(1, sizeof(**out));
	(*out)->fd = fd;
	(*out)->dev = st.st_dev;
	(*out)->ino = st.st_ino;
done:
	if (err < 0 && fd >= 0)
		close(fd);
	free(lock_path);
	return err;
}

bool sb_store_lock_covers(const sb_store_lock *lock, const char *path)
{
	char *lock_path;
	struct stat st;
	bool same;

	if (lock == NULL)
		return false;
	lock_path = lock_path_of(path);
	same = stat(lock_path, &st) == 0 && st.st_dev == lock->dev &&
	       st.st_ino == lock->ino;
	free(lock_path);
	return same;
}

void sb_store_lock_free(sb_store_lock *lock)
{
	if (lock == NULL)
		return;
	close(lock->fd);  /* and with it the lock */
	free(lock);
}
