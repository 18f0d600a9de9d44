#!/usr/bin/env python3
"""The fault proxy forwards what it should unchanged (keep-alive, gzip,
cookies, POST forms), injects each fault the way the real thing looks,
obeys match / params / skip / count / forward, and never logs a secret."""

import gzip
import http.client
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def read_env():
    path = os.environ.get("SB_WIKI_ENV")
    if not path or not os.path.exists(path):
        sys.exit("SB_WIKI_ENV does not name a wiki.env (run through ctest)")
    env = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            env[k] = v
    return env


ENV = read_env()


def secret(key):
    with open(ENV[key]) as f:
        return f.read().strip()


class Client:
    """A keep-alive HTTP client with a cookie jar, enough for the API."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def request(self, method, params, headers=None, path="/api.php"):
        headers = dict(headers or {})
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(
                "%s=%s" % kv for kv in self.cookies.items())
        qs = urllib.parse.urlencode(params)
        if method == "POST":
            body = qs
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            path += "?" + qs
        self.conn.request(method, path, body, headers)
        resp = self.conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return resp, data

    def api(self, method="GET", **params):
        params.setdefault("format", "json")
        params.setdefault("formatversion", "2")
        resp, data = self.request(method, params)
        return resp, json.loads(data)

    def login(self, user_key, password_file_key):
        _, d = self.api(action="query", meta="tokens", type="login")
        _, d = self.api("POST", action="login", lgname=ENV[user_key],
                        lgpassword=secret(password_file_key),
                        lgtoken=d["query"]["tokens"]["logintoken"])
        return d["login"]["result"]

    def close(self):
        self.conn.close()


class FaultProxyTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        pidfile = os.path.join(ENV["SB_WIKI_DIR"], "proxy",
                               "py-%d.pid" % os.getpid())
        cls.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "faultproxy.py"),
             "--upstream", "http://127.0.0.1:%s" % ENV["SB_WIKI_PORT"],
             "--pid-file", pidfile, "--exit-with-parent", "--error-log",
             os.path.join(ENV["SB_WIKI_DIR"], "logs",
                          "proxy-py-%d.log" % os.getpid())],
            stdout=subprocess.PIPE)
        cls.port = int(cls.proc.stdout.readline())
        cls.pidfile = pidfile

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(10)
        cls.proc.stdout.close()

    def setUp(self):
        self.control("DELETE", "/__faults__")
        self.control("DELETE", "/__log__")
        self.client = Client(self.port)

    def tearDown(self):
        self.client.close()

    def control(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request(method, path,
                     json.dumps(body) if body is not None else None)
        resp = conn.getresponse()
        data = json.loads(resp.read())
        conn.close()
        return resp.status, data

    def faults(self, rules):
        status, _ = self.control("POST", "/__faults__", rules)
        self.assertEqual(status, 200)

    def log(self):
        return self.control("GET", "/__log__")[1]

    # ---- forwarding ----

    def test_forwards_get_and_post_unchanged(self):
        direct = Client(int(ENV["SB_WIKI_PORT"]))
        _, want = direct.api(action="query", meta="siteinfo")
        direct.close()
        resp, got = self.client.api(action="query", meta="siteinfo")
        self.assertEqual(resp.status, 200)
        self.assertEqual(got["query"]["general"]["sitename"],
                         want["query"]["general"]["sitename"])
        resp, got = self.client.api("POST", action="query", list="allpages",
                                    apnamespace="10", apprefix="Let's Connect/")
        titles = [p["title"] for p in got["query"]["allpages"]]
        self.assertIn("Template:Let's Connect/Profile", titles)

    def test_keep_alive(self):
        self.client.api(action="query", meta="siteinfo")
        sock = self.client.conn.sock
        for _ in range(3):
            resp, _ = self.client.api(action="query", meta="userinfo")
            self.assertEqual(resp.status, 200)
            self.assertIs(self.client.conn.sock, sock, "connection not reused")

    def test_gzip_passes_through(self):
        resp, data = self.client.request(
            "GET", {"action": "query", "meta": "siteinfo", "format": "json"},
            {"Accept-Encoding": "gzip"})
        self.assertEqual(resp.getheader("Content-Encoding"), "gzip")
        self.assertEqual(int(resp.getheader("Content-Length")), len(data))
        d = json.loads(gzip.decompress(data))
        self.assertIn("general", d["query"])
        # and the same connection goes on working
        resp, data = self.client.request(
            "GET", {"action": "query", "meta": "userinfo", "format": "json"},
            {"Accept-Encoding": "gzip"})
        self.assertIn("userinfo", json.loads(gzip.decompress(data))["query"])

    def test_login_and_cookies_through_proxy(self):
        self.assertEqual(self.client.login("SB_BOT_USER", "SB_BOT_PASSWORD_FILE"),
                         "Success")
        _, d = self.client.api(action="query", meta="userinfo")
        self.assertEqual(d["query"]["userinfo"]["name"], "SkillsBot")

    # ---- each fault ----

    def test_maxlag(self):
        self.faults([{"match": "meta=userinfo", "fault": "maxlag", "count": 2,
                      "retry_after": 1}])
        for _ in range(2):
            resp, d = self.client.api(action="query", meta="userinfo",
                                      errorformat="plaintext", maxlag="5")
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Retry-After"), "1")
            self.assertEqual(resp.getheader("X-Database-Lag"), "7")
            self.assertEqual(resp.getheader("MediaWiki-API-Error"), "maxlag")
            err = d["errors"][0]
            self.assertEqual(err["code"], "maxlag")
            self.assertRegex(err["text"], r"^Waiting for .*: 7 seconds lagged\.$")
            self.assertEqual(err["data"]["lag"], 7)
        resp, d = self.client.api(action="query", meta="userinfo")
        self.assertIn("userinfo", d["query"])

    def test_maxlag_legacy_error_format(self):
        self.faults([{"fault": "maxlag", "lag": 3}])
        _, d = self.client.api(action="query", meta="userinfo",
                               formatversion="1")
        self.assertEqual(d["error"]["code"], "maxlag")
        self.assertEqual(d["error"]["lag"], 3)
        self.assertIn("3 seconds lagged", d["error"]["info"])

    def test_http503_and_http429(self):
        self.faults([{"match": "meta=userinfo", "fault": "http503"},
                     {"match": "meta=siteinfo", "fault": "http429",
                      "retry_after": 2}])
        resp, _ = self.client.request("GET", {"action": "query",
                                              "meta": "userinfo"})
        self.assertEqual(resp.status, 503)
        resp, _ = self.client.request("GET", {"action": "query",
                                              "meta": "siteinfo"})
        self.assertEqual(resp.status, 429)
        self.assertEqual(resp.getheader("Retry-After"), "2")

    def test_stall(self):
        self.faults([{"fault": "stall", "seconds": 1}])
        t0 = time.monotonic()
        resp, d = self.client.api(action="query", meta="userinfo")
        self.assertGreaterEqual(time.monotonic() - t0, 1.0)
        self.assertIn("userinfo", d["query"])

    def test_reset(self):
        self.faults([{"fault": "reset"}])
        self.client.conn.request("GET", "/api.php?action=query&meta=siteinfo&format=json")
        resp = self.client.conn.getresponse()
        self.assertEqual(resp.status, 200)   # the headers came
        with self.assertRaises(ConnectionResetError):
            resp.read()

    def test_truncate(self):
        self.faults([{"fault": "truncate"}])
        self.client.conn.request("GET", "/api.php?action=query&meta=siteinfo&format=json")
        resp = self.client.conn.getresponse()
        length = int(resp.getheader("Content-Length"))
        with self.assertRaises(http.client.IncompleteRead) as cm:
            resp.read()
        self.assertEqual(len(cm.exception.partial), length // 2)

    def test_close(self):
        self.faults([{"fault": "close"}])
        with self.assertRaises(http.client.RemoteDisconnected):
            self.client.api(action="query", meta="userinfo")

    def test_badjson(self):
        self.faults([{"fault": "badjson"}])
        resp, data = self.client.request("GET", {"action": "query",
                                                 "format": "json"})
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("application/json"))
        with self.assertRaises(ValueError):
            json.loads(data)

    def test_html(self):
        self.faults([{"fault": "html"}])
        resp, data = self.client.request("GET", {"action": "query",
                                                 "format": "json"})
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/html"))
        self.assertTrue(data.startswith(b"<!DOCTYPE html>"))

    def test_badtoken(self):
        self.faults([{"params": {"action": "edit"}, "fault": "badtoken"}])
        _, d = self.client.api("POST", action="edit", title="X", text="y",
                               token="+\\", errorformat="plaintext")
        self.assertEqual(d["errors"][0]["code"], "badtoken")
        self.assertEqual(d["errors"][0]["text"], "Invalid CSRF token.")
        self.assertEqual(self.log()[0]["status"], 200)

    def test_session(self):
        self.faults([{"fault": "session"},
                     {"fault": "session", "code": "notloggedin"}])
        _, d = self.client.api(action="query", meta="userinfo", **{"assert": "bot"})
        self.assertEqual(d["error"]["code"], "assertbotfailed")
        _, d = self.client.api(action="query", meta="userinfo")
        self.assertEqual(d["error"]["code"], "notloggedin")

    def test_apierror(self):
        self.faults([{"params": {"action": "edit"}, "fault": "apierror"},
                     {"fault": "apierror", "code": "readonly",
                      "text": "The wiki is in read-only mode."}])
        _, d = self.client.api("POST", action="edit", title="X", text="y",
                               token="+\\", errorformat="plaintext")
        self.assertEqual(d["errors"][0]["code"], "editconflict")
        self.assertEqual(d["errors"][0]["text"], "Edit conflict.")
        resp, d = self.client.api(action="query", meta="userinfo")
        self.assertEqual(d["error"]["code"], "readonly")
        self.assertEqual(resp.getheader("MediaWiki-API-Error"), "readonly")
        self.assertEqual([e["fault"] for e in self.log()],
                         ["apierror", "apierror"])

    # ---- rule semantics ----

    def test_params_skip_and_count(self):
        self.faults([{"params": {"list": "allpages"}, "skip": 1, "count": 2,
                      "fault": "http503"}])
        statuses = []
        for _ in range(4):
            resp, _ = self.client.request("GET", {"action": "query",
                                                  "list": "allpages"})
            statuses.append(resp.status)
        self.client.request("GET", {"action": "query", "meta": "siteinfo"})
        self.assertEqual(statuses, [200, 503, 503, 200])
        _, rules = self.control("GET", "/__faults__")
        self.assertEqual(rules[0]["fired"], 2)
        self.assertEqual(rules[0]["seen"], 4)

    def test_unlimited_count_and_method(self):
        self.faults([{"method": "POST", "count": -1, "fault": "http503"}])
        for _ in range(3):
            resp, _ = self.client.request("POST", {"action": "query"})
            self.assertEqual(resp.status, 503)
        resp, _ = self.client.request("GET", {"action": "query"})
        self.assertEqual(resp.status, 200)

    def test_append_and_bad_rules(self):
        self.faults([{"fault": "http503"}])
        status, d = self.control("POST", "/__faults__?append=1",
                                 {"fault": "http429"})
        self.assertEqual(d["rules"], 2)
        status, d = self.control("POST", "/__faults__", [{"fault": "nonsense"}])
        self.assertEqual(status, 400)
        self.assertIn("unknown fault", d["error"])

    def test_forward_then_lose_the_answer(self):
        """With forward, the wiki does the edit and the client gets garbage:
        the case of an edit saved whose answer was lost."""
        self.assertEqual(self.client.login("SB_BOT_USER", "SB_BOT_PASSWORD_FILE"),
                         "Success")
        _, d = self.client.api(action="query", meta="tokens")
        token = d["query"]["tokens"]["csrftoken"]
        title = "User:SkillsBot/faultproxy/%d-%d" % (os.getpid(), time.time())
        self.faults([{"params": {"action": "edit"}, "fault": "badjson",
                      "forward": True}])
        resp, data = self.client.request("POST", {
            "action": "edit", "title": title, "text": "saved anyway",
            "token": token, "format": "json", "assert": "bot"})
        with self.assertRaises(ValueError):
            json.loads(data)
        direct = Client(int(ENV["SB_WIKI_PORT"]))
        _, d = direct.api(action="query", prop="revisions", rvprop="content",
                          rvslots="main", titles=title)
        direct.close()
        page = d["query"]["pages"][0]
        self.assertEqual(page["revisions"][0]["slots"]["main"]["content"],
                         "saved anyway")

    # ---- the log ----

    def test_log_holds_no_secret(self):
        password = secret("SB_BOT_PASSWORD_FILE")
        self.assertEqual(self.client.login("SB_BOT_USER", "SB_BOT_PASSWORD_FILE"),
                         "Success")
        self.client.api(action="query", meta="tokens")
        status, log = self.control("GET", "/__log__")
        raw = json.dumps(log)
        self.assertNotIn(password, raw)
        self.assertNotIn(urllib.parse.quote(password), raw)
        for cookie in self.client.cookies.values():
            self.assertNotIn(cookie, raw)
        login = [e for e in log if e["form"].get("action") == "login"][0]
        self.assertEqual(login["method"], "POST")
        self.assertIn("lgpassword", login["form_keys"])
        self.assertEqual(login["form"]["lgpassword"], "<hidden>")
        self.assertEqual(login["form"]["lgtoken"], "<hidden>")
        self.assertEqual(login["form"]["lgname"], ENV["SB_BOT_USER"])
        self.assertEqual(login["status"], 200)
        seqs = [e["seq"] for e in log]
        self.assertEqual(seqs, list(range(seqs[0], seqs[0] + len(log))))
        _, newer = self.control("GET", "/__log__?since=%d" % log[-2]["seq"])
        self.assertEqual(len(newer), 1)

    def test_pid_file(self):
        with open(self.pidfile) as f:
            self.assertEqual(int(f.read()), self.proc.pid)


if __name__ == "__main__":
    unittest.main(verbosity=2)
