"""The editor scenario (issue 13): `kmdf-check --lsp` on one large file,
opened, then saved after each of a series of single-function edits. For
every save it measures the time from sending didSave to receiving the
file's publishDiagnostics, once with the server's incremental analysis and
once with --incremental=false (the whole file each time), and checks that
both published exactly the same diagnostics."""

import json
import os
import queue
import re
import statistics
import subprocess
import threading
import time

from .measure import ToolError, progress

TIMEOUT = 600.0  # seconds for one analysis; a hang is a failure

# A top-level function definition of a C or C++ file, as generated files and
# most drivers write them: its head on one line from column 0, ending with
# "{" (K&R) or followed by a line that is "{" (Allman, the WDK's samples).
HEAD = re.compile(r"^[A-Za-z_][\w\s\*,\(\)\[\]]*\b(\w+)\s*\([^;]*\)\s*(\{)?\s*$")
# The first line of a head whose parameters continue on the next lines.
NAME_OPEN = re.compile(r"^(?:[A-Za-z_][\w\s\*:]*[\s\*])?([A-Za-z_]\w*)\s*\(")


def uri(path):
    return "file://" + os.path.abspath(path)


class Client:
    """A minimal LSP client: frames, one reader thread, a message queue."""

    def __init__(self, cmd, cwd, log_path):
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                self.inbox.put(json.loads(out.read(length)))
        except (ValueError, OSError) as e:
            self.inbox.put(e)

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def call(self, method, params):
        id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": id, "method": method,
                   "params": params})
        while True:
            message = self.receive()
            if "method" not in message and message.get("id") == id:
                return message

    def receive(self):
        try:
            message = self.inbox.get(timeout=TIMEOUT)
        except queue.Empty:
            raise ToolError("kmdf-check --lsp sent nothing for %d s" % TIMEOUT)
        if message is None or isinstance(message, Exception):
            raise ToolError("kmdf-check --lsp ended or sent garbage: %s"
                            % message)
        return message

    def published(self, file):
        """Waits for the next publishDiagnostics of \\p file."""
        while True:
            message = self.receive()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri(file)):
                return message["params"]

    def finish(self):
        self.call("shutdown", None)
        self.notify("exit", None)
        status = self.proc.wait(timeout=TIMEOUT)
        self.log.close()
        return status


def functions_of(lines):
    """(name, index of the body's first line) of each function definition:
    the head on one line, or (the WDK's style) the name and "(" in column 0,
    one parameter a line, and "{" alone in column 0."""
    found = []
    for i, line in enumerate(lines):
        m = HEAD.match(line)
        if m and not line.rstrip().endswith(";"):
            if m.group(2):
                found.append((m.group(1), i + 1))
                continue
            if i + 1 < len(lines) and lines[i + 1].strip() == "{":
                found.append((m.group(1), i + 2))
                continue
        if line.rstrip() != "{" or (found and found[-1][1] == i + 1):
            continue
        for j in range(i - 1, max(i - 40, -1), -1):
            if lines[j].rstrip().endswith(";") or lines[j].startswith("}"):
                break  # the end of the previous declaration: not a function
            n = NAME_OPEN.match(lines[j])
            if n:
                found.append((n.group(1), i + 1))
                break
    return found


def spread(items, count):
    """\\p count items spread evenly over \\p items."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def generated_edits(text, count):
    """Texts after each of \\p count edits of a generated driver, one
    callback each, spread over the file: in turn, a lock release deleted (a
    new finding), a statement added at the top (the lines below move), a
    constant changed."""
    lines = text.split("\n")
    callbacks = [(name, start) for name, start in functions_of(lines)
                 if not re.search(r"Work\d*$|Lock$|Unlock$|Sync$|SyncNop$", name)]
    texts = []
    shift = 0  # Lines added above later targets so far.
    for k, (name, start) in enumerate(spread(callbacks, count)):
        start += shift
        end = start
        while not lines[end].startswith("}"):
            end += 1
        body = list(range(start, end))
        releases = [i for i in body if "ReleaseLock(" in lines[i]]
        constants = [i for i in body if re.search(r"\+= \d+;", lines[i])]
        if k % 3 == 0 and releases:
            del lines[releases[-1]]
            shift -= 1
        elif k % 3 == 2 and constants:
            lines[constants[0]] = re.sub(r"\+= (\d+);", lambda m: "+= %d;" % (
                int(m.group(1)) + 1), lines[constants[0]])
        else:
            # After the body's first line, which declares the context.
            lines.insert(start + 1, "  (void)0; /* edit %d */" % k)
            shift += 1
        texts.append("\n".join(lines))
    return texts


def plain_edits(text, count):
    """Texts after each of \\p count edits of any file: an empty statement
    added at the top of functions spread over it."""
    lines = text.split("\n")
    texts = []
    shift = 0
    for k, (_, start) in enumerate(spread(functions_of(lines), count)):
        lines.insert(start + shift, "    ; /* edit %d */" % k)
        shift += 1
        texts.append("\n".join(lines))
    return texts


def session(tool, folder, file, texts, incremental, log_path):
    """Opens \\p file with texts[0], saves it with each later text; the
    times and diagnostics of the open and of each save."""
    cmd = [os.path.abspath(tool), "--lsp", "-p", folder, "--log=info"]
    if not incremental:
        cmd.append("--incremental=false")
    client = Client(cmd, folder, log_path)
    client.call("initialize", {"processId": os.getpid(), "rootUri": uri(folder),
                               "capabilities": {}})
    client.notify("initialized", {})
    start = time.monotonic()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(file), "languageId": "c", "version": 1, "text": texts[0]}})
    published = client.published(file)
    results = [(time.monotonic() - start, published)]
    for version, text in enumerate(texts[1:], start=2):
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(file), "version": version},
            "contentChanges": [{"text": text}]})
        start = time.monotonic()
        client.notify("textDocument/didSave",
                      {"textDocument": {"uri": uri(file)}})
        published = client.published(file)
        results.append((time.monotonic() - start, published))
    status = client.finish()
    if status != 0:
        raise ToolError("kmdf-check --lsp exited with status %d" % status)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    # A text that did not compile is published as "no findings" in no
    # time: a measurement of nothing.
    failed = [line for line in lines if ", not analyzed: " in line]
    if failed:
        raise ToolError("kmdf-check --lsp could not analyze %s (%d of %d "
                        "texts), so nothing was measured: %s (log: %s)"
                        % (file, len(failed), len(texts),
                           failed[0].split(", not analyzed: ", 1)[1],
                           log_path))
    analyzed = [line.split("; ", 1)[1] for line in lines
                if "finding(s); " in line]
    return results, analyzed


def as_text(file, params):
    """The diagnostics as kmdf-check's text output, for findings.compare."""
    out = []
    for d in params["diagnostics"]:
        out.append("%s:%d:%d: warning: %s [%s]" % (
            os.path.basename(file), d["range"]["start"]["line"] + 1,
            d["range"]["start"]["character"] + 1, d["message"],
            d.get("code", "-")))
    return "\n".join(out)


def canonical(params):
    return json.dumps(params["diagnostics"], sort_keys=True)


RESOURCE_INCLUDE = re.compile(r"/usr/lib/llvm-(\d+)/lib/clang/(\d+)/include")


def database_for(bench, llvm, folder):
    """The folder of a compilation database for \\p llvm's kmdf-check:
    \\p folder, or, when its commands name another LLVM's resource headers
    (the accuracy corpus names those of the clang that laid it out), a copy
    naming \\p llvm's: another version's intrinsics headers do not compile."""
    with open(os.path.join(folder, "compile_commands.json"),
              encoding="utf-8") as f:
        text = f.read()
    wanted = "/usr/lib/llvm-%s/lib/clang/%s/include" % (llvm, llvm)
    changed = RESOURCE_INCLUDE.sub(wanted, text)
    if changed == text:
        return folder
    copy = bench.folder("editor", "database-llvm%s" % llvm)
    os.makedirs(copy)
    with open(os.path.join(copy, "compile_commands.json"), "w",
              encoding="utf-8") as f:
        f.write(changed)
    progress("editor: %s names another LLVM's resource headers; LLVM %s "
             "reads a copy naming %s" % (folder, llvm, wanted))
    return copy


def measure_source(bench, llvm, tool, source):
    """Both sessions on one source; what the report shows of them."""
    texts = [source["text"]] + source["edits"]
    database = source["folder"]
    if "entry" not in source:
        database = database_for(bench, llvm, database)
    runs = {}
    for mode in ("incremental", "whole"):
        progress("editor: %s, LLVM %s, %s" % (source["name"], llvm, mode))
        log = os.path.join(database, "lsp-%s-%s.log" % (llvm, mode))
        runs[mode] = session(tool, database, source["file"], texts,
                             mode == "incremental", log)
    inc, whole = runs["incremental"][0], runs["whole"][0]
    identical = [canonical(a[1]) == canonical(b[1]) for a, b in zip(inc, whole)]
    if "entry" in source:
        for mode in ("incremental", "whole"):
            bench.verifier.check("editor", "%s open, LLVM %s, %s" % (
                source["name"], llvm, mode), [source["entry"]], "kmdf",
                as_text(source["file"], runs[mode][0][0][1]))
    saves = {mode: [t for t, _ in runs[mode][0][1:]] for mode in runs}
    return {
        "source": source["name"], "lines": source["lines"], "llvm": llvm,
        "edits": len(source["edits"]),
        "open": {mode: runs[mode][0][0][0] for mode in runs},
        "saves": saves,
        "median": {mode: statistics.median(saves[mode]) for mode in saves},
        "worst": {mode: max(saves[mode]) for mode in saves},
        "identical": sum(identical[1:]), "open_identical": identical[0],
        "findings": [len(p["diagnostics"]) for _, p in inc],
        "analyzed": runs["incremental"][1][1:],
    }


def sources(bench, generate_driver, params):
    """The generated driver and, when given, the real file."""
    s = bench.settings
    folder = bench.folder("editor", "generated")
    manifest = generate_driver(folder, params, flavors=("c",),
                               lines=s.editor_lines)
    entry = manifest["files"][0]
    file = os.path.join(folder, entry["path"])
    with open(file, encoding="utf-8") as f:
        text = f.read()
    out = [{"name": "generated %s" % entry["path"], "folder": folder,
            "file": file, "text": text, "lines": entry["lines"],
            "entry": entry, "edits": generated_edits(text, s.editor_edits)}]
    if bench.editor_file:
        file = os.path.abspath(bench.editor_file)
        folder = os.path.abspath(bench.editor_db or os.path.dirname(file))
        if not os.path.isfile(os.path.join(folder, "compile_commands.json")):
            raise ToolError("--editor-file %s: no compile_commands.json in %s "
                            "(give --editor-db)" % (file, folder))
        with open(file, encoding="utf-8", errors="replace") as f:
            text = f.read()
        out.append({"name": os.path.basename(file), "folder": folder,
                    "file": file, "text": text,
                    "lines": text.count("\n") + 1,
                    "edits": plain_edits(text, s.editor_edits)})
    for src in out:
        require_edits(src["name"], len(src["edits"]), s.editor_edits)
    return out


def require_edits(name, found, count):
    """Raises ToolError unless \\p found functions leave \\p count to edit."""
    if found < count:
        raise ToolError("%s: found %d functions to edit, want %d"
                        % (name, found, count))


def check_editor_file(path, count):
    """Raises ToolError unless \\p path has \\p count functions to edit."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            found = len(functions_of(f.read().split("\n")))
    except OSError as e:
        raise ToolError("--editor-file %s: %s" % (path, e.strerror)) from e
    require_edits("--editor-file " + path, found, count)


def run(bench, tools, generate_driver, params, load_average):
    """The experiment: \\p tools maps LLVM versions to kmdf-check."""
    result = {"load_before": load_average(), "runs": []}
    for src in sources(bench, generate_driver, params):
        for llvm, tool in tools:
            result["runs"].append(measure_source(bench, llvm, tool, src))
    result["load_after"] = load_average()
    return result
