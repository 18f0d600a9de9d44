#!/usr/bin/env python3
"""faultproxy.py - an HTTP/1.1 proxy in front of the test wiki that breaks
requests on demand, so tests can see how a client copes with a wiki that
lags, throttles, stalls, drops connections or answers garbage.

    faultproxy.py --upstream http://127.0.0.1:PORT [--port 0]
                  [--pid-file FILE] [--exit-with-parent] [--error-log FILE]

Prints the port it listens on (one line) on standard output, then lets go
of standard output and error (so a test runner waiting on them is not held
up). Every request is forwarded unchanged (keep-alive and gzip bodies
included) unless a fault rule matches it. Control endpoints (on the proxy
itself, never forwarded):

    POST   /__faults__   JSON rule or list of rules; replaces the rules
                         (?append=1 adds to them)
    GET    /__faults__   the rules, with how often each has fired
    DELETE /__faults__   no more faults
    GET    /__log__      the requests seen (?since=SEQ for newer ones)
    DELETE /__log__      forget them
    GET    /__health__   {"ok": true}

A rule: {"match": "action=edit", "fault": "maxlag", "count": 2, ...}
    match     substring of "METHOD /path?k=v&k=v" (query then form
              parameters, decoded); omitted: every request
    params    {"action": "edit"}: each must equal a parameter's value
    method    "GET" / "POST"
    skip      let this many matching requests through first (default 0)
    count     how many times to fire (default 1; -1: every time)
    forward   also send the request to the wiki first (for the faults that
              answer by themselves; default false: the wiki never sees it)
and per fault:
    maxlag    retry_after (1), lag (7), host ("10.64.16.8")
    http503   retry_after (none)
    http429   retry_after (1)
    stall     seconds (5), then the request goes on as usual
    reset     headers and half the body of the wiki's answer, then RST
    truncate  headers and half the body of the wiki's answer, then FIN
    close     close the connection without answering
    badjson   200 application/json that does not parse
    html      an HTML error page with status (200)
    badtoken  the API error badtoken
    session   the API error code ("assertbotfailed"; or "assertuserfailed",
              "notloggedin")
    apierror  any other API error: code ("editconflict"), text
              ("Edit conflict.")

The log never holds a secret: values of parameters whose names contain
pass, token, secret, auth or cookie are replaced with "<hidden>", cookies
and Authorization headers are not logged.
"""

import argparse
import email.parser
import http.client
import http.server
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse

SECRET_NAME = re.compile(r"pass|token|secret|auth|cookie", re.I)
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding",
    "upgrade", "content-length",
}
FAULTS = {
    "maxlag", "http503", "http429", "stall", "reset", "truncate", "close",
    "badjson", "html", "badtoken", "session", "apierror",
}
SESSION_TEXTS = {
    "assertbotfailed": ('You do not have the "bot" right, so the action '
                        'could not be completed.'),
    "assertuserfailed": ("You are no longer logged in, so the action could "
                         "not be completed."),
    "notloggedin": "You must be logged in.",
}
LOG_VALUE_MAX = 200
LOG_MAX = 10000


class Rule:
    """One fault rule and how often it has matched and fired."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("a rule must be a JSON object")
        self.spec = spec
        self.fault = spec.get("fault")
        if self.fault not in FAULTS:
            raise ValueError("unknown fault %r (known: %s)"
                             % (self.fault, ", ".join(sorted(FAULTS))))
        self.match = spec.get("match")
        self.params = spec.get("params") or {}
        self.method = spec.get("method")
        self.skip = int(spec.get("skip", 0))
        self.count = int(spec.get("count", 1))
        self.seen = 0
        self.fired = 0

    def matches(self, method, key, params):
        if self.method and self.method.upper() != method:
            return False
        if self.match is not None and self.match not in key:
            return False
        return all(params.get(k) == str(v) for k, v in self.params.items())

    def take(self):
        """Count a matching request; True when the fault fires for it."""
        self.seen += 1
        if self.seen <= self.skip:
            return False
        if self.count >= 0 and self.fired >= self.count:
            return False
        self.fired += 1
        return True

    def describe(self):
        d = dict(self.spec)
        d["seen"] = self.seen
        d["fired"] = self.fired
        return d


class State:
    """Rules and log, shared by the connection threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.log = []
        self.seq = 0
        self.t0 = time.time()

    def pick(self, method, key, params):
        with self.lock:
            for rule in self.rules:
                if rule.matches(method, key, params) and rule.take():
                    return rule
        return None

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            entry["time"] = round(time.time() - self.t0, 3)
            self.log.append(entry)
            del self.log[:-LOG_MAX]


def parse_form(ctype, body):
    """The parameters of a POST body, as an ordered list of pairs."""
    if not body:
        return []
    if ctype.startswith("application/x-www-form-urlencoded"):
        return urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                      keep_blank_values=True)
    if ctype.startswith("multipart/form-data"):
        msg = email.parser.BytesParser().parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body)
        pairs = []
        for part in msg.get_payload() if msg.is_multipart() else []:
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            pairs.append((name or "", data.decode("utf-8", "replace")))
        return pairs
    return []


def safe_value(name, value):
    if SECRET_NAME.search(name):
        return "<hidden>"
    if len(value) > LOG_VALUE_MAX:
        return value[:LOG_VALUE_MAX] + "..."
    return value


def api_error(server, params, code, text, data=None, html=None):
    """The JSON an Action API error has in the error format the request
    asked for (errorformat / formatversion), as MediaWiki 1.39 writes it."""
    fv2 = params.get("formatversion") in ("2", "latest")
    fmt = params.get("errorformat", "bc")
    docref = ("See %s for API usage. Subscribe to the mediawiki-api-announce "
              "mailing list at &lt;https://lists.wikimedia.org/postorius/lists/"
              "mediawiki-api-announce.lists.wikimedia.org/&gt; for notice of "
              "API deprecations and breaking changes.") % server
    if fmt == "bc":
        err = {"code": code, "info": text}
        err.update(data or {})
        err["docref" if fv2 else "*"] = docref
        return {"error": err}
    err = {"code": code}
    if fmt == "html":
        err["html"] = html or text
    elif fmt == "raw":
        err["key"] = "apierror-" + code
        err["params"] = []
    elif fmt != "none":
        err["text" if fv2 else "*"] = text
    if data:
        err["data"] = data
    err["module"] = "main"
    return {"errors": [err], ("docref" if fv2 else "*"): docref}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faultproxy"
    sys_version = ""

    def setup(self):
        super().setup()
        self.upstream = None
        self.entry = None

    def log_message(self, fmt, *args):
        pass  # the log endpoint is the log; stdout stays quiet

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass
        if self.upstream:
            self.upstream.close()

    # Every method goes through one path.
    def do_GET(self):
        self.handle_any()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        body = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/__") and url.path.endswith("__"):
            self.control(url, body)
            return
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        form = parse_form(self.headers.get("Content-Type", ""), body)
        params = dict(query + form)
        key = "%s %s?%s" % (self.command, url.path,
                            "&".join("%s=%s" % kv for kv in query + form))
        rule = self.server.state.pick(self.command, key, params)
        entry = {
            "method": self.command,
            "path": url.path,
            "query": {k: safe_value(k, v) for k, v in query},
            "form": {k: safe_value(k, v) for k, v in form},
            "form_keys": [k for k, _ in form],
            "user_agent": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
            "fault": rule.fault if rule else None,
        }
        # Recorded when the answer's head goes out (send_head), so a test
        # that reads the log after its answer finds the request there.
        self.entry = entry
        try:
            self.serve(rule, params, body)
        except (OSError, http.client.HTTPException) as e:
            entry["error"] = type(e).__name__
            self.close_connection = True
        self.log_entry(None, 0)

    def log_entry(self, status, sent):
        if self.entry is not None:
            self.entry["status"] = status
            self.entry["bytes"] = sent
            self.server.state.record(self.entry)
            self.entry = None

    # ---- forwarding ----

    def forward(self, body):
        """Send the request to the wiki; (status, reason, headers, body)."""
        headers = {}
        for k, v in self.headers.items():
            if k.lower() not in HOP_BY_HOP and k.lower() != "host":
                headers[k] = v
        headers["Host"] = self.server.upstream_netloc
        if body or self.command in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        for attempt in (1, 2):
            if self.upstream is None:
                self.upstream = http.client.HTTPConnection(
                    self.server.upstream_host, self.server.upstream_port,
                    timeout=300)
            try:
                self.upstream.request(self.command, self.path, body, headers)
                resp = self.upstream.getresponse()
                data = resp.read()
                break
            except (OSError, http.client.HTTPException):
                # A kept-alive upstream connection may have been closed
                # by the server meanwhile: one fresh try.
                self.upstream.close()
                self.upstream = None
                if attempt == 2:
                    raise
        hdrs = [(k, v) for k, v in resp.getheaders()
                if k.lower() not in HOP_BY_HOP]
        if resp.will_close:
            self.upstream.close()
            self.upstream = None
        return resp.status, resp.reason, hdrs, data

    def api_url(self):
        return "http://%s%s" % (self.server.upstream_netloc,
                                urllib.parse.urlsplit(self.path).path)

    def send_head(self, status, reason, headers, length, sent=None):
        self.log_entry(status, length if sent is None else sent)
        self.send_response_only(status, reason)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def answer(self, status, headers, body, reason=None):
        self.send_head(status, reason, headers, len(body))
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()
        return status, len(body)

    def answer_json(self, status, obj, extra=()):
        body = json.dumps(obj, separators=(",", ":")).encode()
        headers = [("Content-Type", "application/json; charset=utf-8")]
        return self.answer(status, headers + list(extra), body)

    # ---- faults ----

    def serve(self, rule, params, body):
        fault = rule.fault if rule else None
        spec = rule.spec if rule else {}
        if fault == "stall":
            time.sleep(float(spec.get("seconds", 5)))
            fault = None
        if fault == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None, 0
        if fault is None:
            status, reason, headers, data = self.forward(body)
            return self.answer(status, headers, data, reason)
        if fault in ("reset", "truncate"):
            return self.cut(fault, *self.forward(body))
        if spec.get("forward"):
            self.forward(body)  # the wiki did the work; its answer is lost
        return self.synthesize(fault, spec, params)

    def cut(self, fault, status, reason, headers, data):
        """Promise the whole body, send half of it, then drop the line."""
        self.close_connection = True
        half = data[:len(data) // 2]
        self.send_head(status, reason, headers, len(data), len(half))
        self.wfile.write(half)
        self.wfile.flush()
        if fault == "reset":
            # Let the client read the headers first; then SO_LINGER 0 makes
            # close() send RST instead of FIN.
            time.sleep(0.2)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        else:
            self.connection.shutdown(socket.SHUT_WR)
        return status, len(half)

    def synthesize(self, fault, spec, params):
        if fault == "maxlag":
            lag = spec.get("lag", 7)
            host = spec.get("host", "10.64.16.8")
            text = "Waiting for %s: %s %s lagged." % (
                host, lag, "second" if lag == 1 else "seconds")
            return self.answer_json(
                200,
                api_error(self.api_url(), params, "maxlag", text,
                          {"host": host, "lag": lag, "type": "db"}),
                [("Retry-After", str(spec.get("retry_after", 1))),
                 ("X-Database-Lag", str(int(lag))),
                 ("MediaWiki-API-Error", "maxlag")])
        if fault == "http503":
            extra = []
            if "retry_after" in spec:
                extra.append(("Retry-After", str(spec["retry_after"])))
            page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>Wikimedia Error</title></head><body><h1>Error</h1>"
                    "<p>Our servers are currently under maintenance or "
                    "experiencing a technical problem. Please try again in "
                    "a few minutes.</p></body></html>\n")
            return self.answer(503, [("Content-Type", "text/html; charset=utf-8")]
                               + extra, page.encode())
        if fault == "http429":
            page = ("<!DOCTYPE html>\n<html><head><title>Too many requests"
                    "</title></head><body><p>Too many requests. Please slow "
                    "down.</p></body></html>\n")
            return self.answer(429, [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Retry-After", str(spec.get("retry_after", 1)))],
                page.encode())
        if fault == "badjson":
            # What a PHP warning printed before the JSON looks like, cut off.
            body = (b"<br />\n<b>Warning</b>:  Undefined array key \"x\" in "
                    b"<b>/srv/mediawiki/includes/Example.php</b> on line "
                    b"<b>42</b><br />\n{\"batchcomplete\":true,\"query\":"
                    b"{\"pages\":[{\"pageid\":1,\"title\":\"Ex")
            return self.answer(200, [
                ("Content-Type", "application/json; charset=utf-8")], body)
        if fault == "html":
            page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>Internal error - Wiki</title></head><body>"
                    "<h1>Internal error</h1><p>[a1b2c3d4] Fatal exception of "
                    "type \"Wikimedia\\Rdbms\\DBConnectionError\"</p></body>"
                    "</html>\n")
            return self.answer(int(spec.get("status", 200)), [
                ("Content-Type", "text/html; charset=utf-8")], page.encode())
        if fault == "badtoken":
            return self.answer_json(
                200, api_error(self.api_url(), params, "badtoken", "Invalid CSRF token."),
                [("MediaWiki-API-Error", "badtoken")])
        if fault == "session":
            code = spec.get("code", "assertbotfailed")
            text = SESSION_TEXTS.get(code, "You are no longer logged in.")
            return self.answer_json(200, api_error(self.api_url(), params, code, text),
                                    [("MediaWiki-API-Error", code)])
        if fault == "apierror":
            code = spec.get("code", "editconflict")
            text = spec.get("text", "Edit conflict.")
            return self.answer_json(200, api_error(self.api_url(), params, code, text),
                                    [("MediaWiki-API-Error", code)])
        raise AssertionError(fault)

    # ---- control ----

    def control(self, url, body):
        self.entry = None
        state = self.server.state
        path = url.path
        q = dict(urllib.parse.parse_qsl(url.query))
        try:
            if path == "/__health__":
                self.answer_json(200, {"ok": True})
            elif path == "/__faults__" and self.command == "POST":
                spec = json.loads(body or b"[]")
                rules = [Rule(s) for s in (spec if isinstance(spec, list) else [spec])]
                with state.lock:
                    if q.get("append") not in ("1", "true"):
                        state.rules = []
                    state.rules.extend(rules)
                    n = len(state.rules)
                self.answer_json(200, {"ok": True, "rules": n})
            elif path == "/__faults__" and self.command == "GET":
                with state.lock:
                    rules = [r.describe() for r in state.rules]
                self.answer_json(200, rules)
            elif path == "/__faults__" and self.command == "DELETE":
                with state.lock:
                    state.rules = []
                self.answer_json(200, {"ok": True})
            elif path == "/__log__" and self.command == "GET":
                since = int(q.get("since", 0))
                with state.lock:
                    log = [e for e in state.log if e["seq"] > since]
                self.answer_json(200, log)
            elif path == "/__log__" and self.command == "DELETE":
                with state.lock:
                    state.log = []
                self.answer_json(200, {"ok": True})
            else:
                self.answer_json(404, {"error": "no such control endpoint"})
        except (ValueError, TypeError) as e:
            self.answer_json(400, {"error": str(e)})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, upstream):
        super().__init__(("127.0.0.1", port), Handler)
        up = urllib.parse.urlsplit(upstream)
        if up.scheme != "http" or not up.hostname:
            raise SystemExit("faultproxy: --upstream must be http://HOST:PORT")
        self.upstream_host = up.hostname
        self.upstream_port = up.port or 80
        self.upstream_netloc = up.netloc
        self.state = State()

    def handle_error(self, request, client_address):
        pass  # a client that went away is no news


def watch_parent(ppid):
    """End the proxy when the process that started it is gone (a crashed
    test leaves nothing behind)."""
    while os.getppid() == ppid:
        time.sleep(0.5)
    os._exit(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--pid-file")
    ap.add_argument("--exit-with-parent", action="store_true")
    ap.add_argument("--error-log", help="where Python errors go (default: nowhere)")
    args = ap.parse_args()

    server = Server(args.port, args.upstream)
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    if args.exit_with_parent:
        threading.Thread(target=watch_parent, args=(os.getppid(),),
                         daemon=True).start()
    print(server.server_address[1], flush=True)
    # Hold no pipe of whoever started us (ctest waits for those to close):
    # standard output is done with, errors go to --error-log or nowhere.
    quiet = os.open(args.error_log or os.devnull,
                    os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        if args.pid_file:
            try:
                os.unlink(args.pid_file)
            except OSError:
                pass


if __name__ == "__main__":
    main()
