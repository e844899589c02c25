"""A minimal LSP client for the tests: starts `kmdf-check --lsp`, frames
messages, reads the server's stdout strictly (anything that is not a
well-formed frame fails the test) and prints what it receives in a stable
form for FileCheck."""

import json
import os
import queue
import subprocess
import sys
import threading

TIMEOUT = float(os.environ.get("KMDF_LSP_TIMEOUT", "120"))


class ProtocolViolation(Exception):
    pass


def uri(path):
    return "file://" + os.path.abspath(path)


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, tool, args=(), cwd=None, root=None, name="server",
                 command=None):
        self.root = root or cwd or os.getcwd()
        self.stderr_path = os.path.join(cwd or os.getcwd(), name + ".err")
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            command or [tool, "--lsp"] + list(args or ()), cwd=cwd,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr)
        self.inbox = queue.Queue()
        self.next_id = 1
        self.reader = threading.Thread(target=self._read_all, daemon=True)
        self.reader.start()

    # Reading ---------------------------------------------------------------

    def _read_frame(self):
        out = self.proc.stdout
        length = None
        while True:
            line = out.readline()
            if not line:
                if length is None:
                    return None
                raise ProtocolViolation("stdout ended inside a frame")
            if not line.endswith(b"\r\n"):
                raise ProtocolViolation("header line without CRLF: %r" % line)
            line = line[:-2]
            if not line:
                break
            name, _, value = line.partition(b": ")
            if name == b"Content-Length" and value.isdigit():
                length = int(value)
            elif name != b"Content-Type":
                raise ProtocolViolation("not a header: %r" % line)
        if length is None:
            raise ProtocolViolation("frame without Content-Length")
        body = out.read(length)
        if len(body) != length:
            raise ProtocolViolation("short body")
        message = json.loads(body)
        if message.get("jsonrpc") != "2.0":
            raise ProtocolViolation("not JSON-RPC 2.0: %r" % message)
        return message

    def _read_all(self):
        try:
            while True:
                message = self._read_frame()
                self.inbox.put(message)
                if message is None:
                    return
        except Exception as e:  # Reported to the test thread.
            self.inbox.put(e)

    def receive(self):
        try:
            item = self.inbox.get(timeout=TIMEOUT)
        except queue.Empty:
            raise TimeoutError("no message from the server in %ss" % TIMEOUT)
        if isinstance(item, Exception):
            raise item
        return item

    def expect_end(self):
        """The server's stdout ends with no further message."""
        message = self.receive()
        if message is not None:
            raise ProtocolViolation("unexpected message: %r" % message)

    # Writing ---------------------------------------------------------------

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        self.send_raw(frame(message))

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def request(self, method, params=None, id=None):
        if id is None:
            id = self.next_id
            self.next_id += 1
        message = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return id

    def call(self, method, params=None, id=None):
        """Sends a request and returns its response; anything the server
        sends before it is printed."""
        id = self.request(method, params, id)
        while True:
            message = self.receive()
            if message is None:
                raise ProtocolViolation("stdout ended before the response")
            if "method" not in message and message.get("id") == id:
                return message
            self.show(message)

    def initialize(self, root=None):
        root = root or self.root
        response = self.call("initialize", {
            "processId": os.getpid(), "rootUri": uri(root),
            "capabilities": {}})
        self.notify("initialized", {})
        return response

    def open(self, path, text=None, version=1, language="c"):
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(path), "languageId": language, "version": version,
            "text": text}})

    def change(self, path, text, version):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(path), "version": version},
            "contentChanges": [{"text": text}]})

    def save(self, path):
        self.notify("textDocument/didSave",
                    {"textDocument": {"uri": uri(path)}})

    def close(self, path):
        self.notify("textDocument/didClose",
                    {"textDocument": {"uri": uri(path)}})

    def diagnostics(self, path):
        """Waits for the next publishDiagnostics of `path`, printing it and
        anything else that comes first."""
        want = uri(path)
        while True:
            message = self.receive()
            if message is None:
                raise ProtocolViolation("stdout ended before diagnostics")
            self.show(message)
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == want):
                return message["params"]

    def finish(self):
        """shutdown, exit; returns the exit status."""
        response = self.call("shutdown")
        self.show(response)
        self.notify("exit")
        self.expect_end()
        return self.wait()

    def finish_quietly(self):
        """shutdown, exit, printing nothing; returns the exit status."""
        id = self.request("shutdown")
        while True:
            message = self.receive()
            if message is None:
                raise ProtocolViolation("stdout ended before the response")
            if "method" not in message and message.get("id") == id:
                break
        self.notify("exit")
        while self.receive() is not None:
            pass
        return self.wait()

    def finish_ignoring_progress(self):
        """shutdown, exit; answers the server's requests and leaves out
        its progress and diagnostics; returns the exit status."""
        id = self.request("shutdown")
        while True:
            message = self.receive()
            if message is None:
                raise ProtocolViolation("stdout ended before the response")
            if "method" in message:
                if "id" in message:
                    self.send({"jsonrpc": "2.0", "id": message["id"],
                               "result": None})
                continue
            if message.get("id") == id:
                self.show(message)
                break
        self.notify("exit")
        while self.receive() is not None:
            pass
        return self.wait()

    def wait(self):
        status = self.proc.wait(timeout=TIMEOUT)
        self.stderr.close()
        return status

    def log(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    # Printing --------------------------------------------------------------

    def rel(self, u):
        path = u[len("file://"):] if u.startswith("file://") else u
        return os.path.relpath(path, self.root)

    def show(self, message):
        out = sys.stdout
        if "method" in message:
            method, params = message["method"], message.get("params", {})
            if method == "textDocument/publishDiagnostics":
                self.show_diagnostics(params)
            elif method == "window/showMessage":
                text = params["message"].replace(self.root + "/", "")
                out.write("showMessage type=%d: %s\n" % (params["type"], text))
            else:
                out.write("notification %s\n" % method)
        elif "error" in message:
            error = message["error"]
            out.write("error id=%s code=%d: %s\n" % (
                json.dumps(message["id"]), error["code"], error["message"]))
        else:
            out.write("result id=%s: %s\n" % (
                json.dumps(message["id"]),
                json.dumps(message["result"], sort_keys=True)))
        out.flush()

    def show_diagnostics(self, params):
        out = sys.stdout
        version = params.get("version", "none")
        out.write("diagnostics %s version=%s count=%d\n" % (
            self.rel(params["uri"]), version, len(params["diagnostics"])))
        for d in params["diagnostics"]:
            out.write("  %s severity=%d source=%s code=%s\n" % (
                show_range(d["range"]), d["severity"], d["source"],
                d.get("code", "-")))
            if "codeDescription" in d:
                out.write("    href=%s\n" % d["codeDescription"]["href"])
            out.write("    message=%s\n" % d["message"].replace(
                self.root + "/", ""))
            for r in d.get("relatedInformation", []):
                loc = r["location"]
                out.write("    related %s:%s %s\n" % (
                    self.rel(loc["uri"]), show_range(loc["range"]),
                    r["message"]))
            extra = set(d) - {"range", "severity", "source", "code",
                              "codeDescription", "message",
                              "relatedInformation"}
            if extra:
                raise ProtocolViolation("unexpected fields %s" % extra)
        out.flush()


def show_range(r):
    s, e = r["start"], r["end"]
    return "%d:%d-%d:%d" % (s["line"], s["character"], e["line"],
                            e["character"])
