#!/usr/bin/env python3
"""test_state_damaged.py - a state damaged inside (its header intact, a
table's page broken, as by a torn write or a failing disk) against the real
local MediaWiki: `run` and `sync --once` refuse it at start, exit 65 naming
the file, and write nothing to the wiki or the state; the backup the
message points to starts again.

SQLite opens such a file as any other: only a query that reads the broken
page fails. So the daemon ran until some query met the damage, possibly
after a cycle's first edits; here (the `pages` table broken) the cycle read
past it without a word and edited the wiki.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_sync_cycle import (SKILLSBOT, Directory, bot_contribs,  # noqa: E402
                             edit_as_editor, last_revid, page_text)
from test_daemon_run import d_settings  # noqa: E402


def damage_table(path, table):
    """Point every cell of `table`'s first page past the page: the file's
    header and schema stay intact, quick_check reports the page."""
    db = sqlite3.connect(path)
    size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE type = "
                      "'table' AND name = ?", (table,)).fetchone()[0]
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        page = bytearray(f.read(size))
        # A table b-tree leaf: an 8-byte header, the cell count at bytes
        # 3-4, then one 2-byte offset a cell.
        assert page[0] == 0x0D, "page %d is no table leaf" % root
        cells = int.from_bytes(page[3:5], "big")
        assert cells > 0
        for i in range(cells):
            page[8 + 2 * i:10 + 2 * i] = b"\xff\xf0"
        f.seek((root - 1) * size)
        f.write(page)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class DamagedState(unittest.TestCase):

    def setUp(self):
        self.d = Directory("damaged")

    def tearDown(self):
        self.d.close()

    def skillsbot(self, *cmd):
        r = subprocess.run([SKILLSBOT, *cmd, "--config", "/dev/null",
                            *d_settings(self.d, 2)],
                           capture_output=True, timeout=180)
        return r.returncode, r.stdout.decode(), r.stderr.decode()

    def profile(self, who, name):
        edit_as_editor("User:%s %s/Skills profile" % (self.d.uniq, who),
                       self.d.profile_text("%s %s" % (self.d.uniq, name)))

    def test_a_state_damaged_inside_is_refused_at_start(self):
        d = self.d
        d.setup(examples=False)
        self.profile("A", "Alpha")
        rc, _, err = self.skillsbot("run", "--once")
        self.assertEqual(rc, 0, err)
        self.assertFalse(os.path.exists(d.state + "-wal"))
        backup = d.state + ".backup"
        shutil.copy(d.state, backup)
        damage_table(d.state, "pages")
        damaged = read(d.state)
        # Something for a cycle to write.
        self.profile("B", "Beta")
        since = last_revid()

        for cmd in (("run", "--once"), ("sync", "--once")):
            rc, _, err = self.skillsbot(*cmd)
            self.assertEqual(rc, 65, "%s: %s" % (cmd[0], err))
            self.assertIn(d.state + ": the state is damaged", err)
            self.assertIn("restore it from a backup", err)
        # Nothing written to the wiki, nor to the state.
        self.assertEqual(bot_contribs(since, d.uniq), [])
        self.assertEqual(read(d.state), damaged)
        self.assertFalse(os.path.exists(d.state + "-wal"))
        # check-config says the same.
        rc, out, err = self.skillsbot("check-config")
        self.assertEqual(rc, 65, out + err)
        self.assertIn("FAIL  state: %s: the state is damaged" % d.state, out)

        # What the message says to do: the damaged file moved aside with
        # whatever SQLite keeps beside it, the backup put in place; it
        # starts, and its first cycle catches up.
        aside = os.path.join(d.dir, "aside")
        os.mkdir(aside)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(d.state + suffix):
                os.rename(d.state + suffix,
                          os.path.join(aside, "state.db" + suffix))
        os.rename(backup, d.state)
        rc, _, err = self.skillsbot("run", "--once")
        self.assertEqual(rc, 0, err)
        self.assertIn("%s Beta" % d.uniq,
                      page_text(d.root + "/By skill") or "")
        self.assertNotEqual(bot_contribs(since, d.uniq), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
