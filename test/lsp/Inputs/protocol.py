"""Drives `kmdf-check --lsp` as an editor would and prints what it sends.

    protocol.py KMDF_CHECK SCENARIO DIR

DIR is a copy of the example driver with its compile_commands.json. Each
scenario prints a transcript that the lit test checks line by line; the
client fails the run on anything on stdout that is not a well-formed frame.
"""

import json
import os
import sys

from lspclient import Server, frame, uri

tool, scenario, work = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])


def path(name):
    return os.path.join(work, name)


def read(name):
    with open(path(name), encoding="utf-8") as f:
        return f.read()


def say(text):
    print("-- " + text, flush=True)


def open_and_wait(server, name):
    """Opens `name` as it is on disk and prints its diagnostics."""
    server.open(path(name))
    server.diagnostics(path(name))


def check_log(server):
    log = server.log()
    for bad in ("Assertion", "Stack dump", "PLEASE submit", "Sanitizer"):
        if bad in log:
            sys.exit("the server's log has '%s':\n%s" % (bad, log))


# A callback that leaves with the lock held, after a line of non-ASCII text:
# the finding's column counts UTF-16 units (the emoji is two, the others
# one each), not bytes.
LEAK = """
EVT_WDF_INTERRUPT_DPC ExampleLeakyDpc;
VOID ExampleLeakyDpc(WDFINTERRUPT Interrupt, WDFOBJECT Device) {
  /* é€😀 */ WdfInterruptAcquireLock(Interrupt);
}
"""


def lifecycle():
    s = Server(tool, cwd=work, name="lifecycle")
    say("before initialize")
    s.show(s.call("textDocument/hover", {}))
    s.open(path("interrupt.c"))  # Dropped: not initialized yet.
    s.show(s.call("shutdown"))
    say("initialize")
    s.show(s.initialize())
    s.show(s.call("initialize", {"capabilities": {}}))
    say("unknown requests and notifications")
    s.show(s.call("textDocument/hover", {}, id="abc"))
    s.notify("workspace/didChangeConfiguration", {"settings": {}})
    s.notify("$/cancelRequest", {"id": 1})
    s.notify("kmdf/unknownNotification")
    s.show(s.call("kmdf/unknownRequest", None, id=0))
    say("the early didOpen was dropped: hw.c's diagnostics come first")
    open_and_wait(s, "hw.c")
    say("shutdown")
    s.show(s.call("shutdown"))
    s.show(s.call("shutdown"))
    s.open(path("queue.c"))  # Dropped: shutting down.
    s.notify("exit")
    s.expect_end()
    print("exit status %d" % s.wait())
    check_log(s)

    say("exit without shutdown")
    s = Server(tool, cwd=work, name="no-shutdown")
    s.initialize()
    s.notify("exit")
    s.expect_end()
    print("exit status %d" % s.wait())

    say("input ends without exit")
    s = Server(tool, cwd=work, name="eof")
    s.initialize()
    s.proc.stdin.close()
    s.expect_end()
    print("exit status %d" % s.wait())


def diagnostics():
    s = Server(tool, cwd=work, name="diagnostics")
    s.initialize()
    say("buggy files")
    open_and_wait(s, "interrupt.c")
    open_and_wait(s, "queue.c")
    say("a clean file")
    open_and_wait(s, "hw.c")
    say("save analyzes again; close clears")
    s.save(path("queue.c"))
    s.diagnostics(path("queue.c"))
    s.close(path("queue.c"))
    s.diagnostics(path("queue.c"))
    say("unsaved buffers: hw.c in the editor has a bug that its file lacks")
    s.change(path("hw.c"), read("hw.c") + LEAK, 2)
    s.save(path("hw.c"))
    s.diagnostics(path("hw.c"))
    say("an unsaved header: driver.h's buffer defines a macro hw.c uses")
    header = read("driver.h").replace(
        "#endif", "#define EXAMPLE_LOCK(I) WdfInterruptAcquireLock(I)\n#endif")
    s.open(path("driver.h"), header)
    s.diagnostics(path("driver.h"))
    s.change(path("hw.c"), read("hw.c") + LEAK.replace(
        "WdfInterruptAcquireLock(Interrupt)", "EXAMPLE_LOCK(Interrupt)"), 3)
    s.save(path("hw.c"))
    s.diagnostics(path("hw.c"))
    say("a file the database lacks gets a neighbour's command")
    with open(path("extra.c"), "w", encoding="utf-8") as f:
        f.write('#include "driver.h"\n' + LEAK)
    open_and_wait(s, "extra.c")
    say("a file with syntax errors")
    s.open(path("broken.c"), '#include "driver.h"\n'
           "VOID ExampleBroken(PDEVICE_CONTEXT Context) {\n"
           "  Context->TransfersDone++\n}\nint Missing = ;\n")
    s.diagnostics(path("broken.c"))
    print("exit status %d" % s.finish())
    check_log(s)


def log_line(line):
    """A log line without what changes from run to run: a logged message is
    shown by its method or id, the work folder as DIR."""
    for arrow in ("V: <<< ", "V: >>> "):
        if line.startswith(arrow):
            message = json.loads(line[len(arrow):])
            what = message.get("method") or "response id=%s" % message["id"]
            return arrow + what
    return line.replace(work, "DIR")


def logging():
    for level in ("verbose", "info", "error"):
        say("--log=" + level)
        s = Server(tool, ["--log=" + level], cwd=work, name="log-" + level)
        s.initialize()
        open_and_wait(s, "hw.c")
        print("exit status %d" % s.finish())
        for line in s.log().splitlines():
            print("log " + log_line(line))


def nodb():
    empty = os.path.join(work, "empty-db")
    os.makedirs(empty, exist_ok=True)
    with open(os.path.join(empty, "compile_commands.json"), "w") as f:
        f.write("[]\n")
    s = Server(tool, ["-p", empty], cwd=work, name="nodb")
    s.initialize()
    say("no compile command: told once, no diagnostics")
    open_and_wait(s, "queue.c")
    open_and_wait(s, "interrupt.c")
    print("exit status %d" % s.finish())
    check_log(s)


def stale():
    s = Server(tool, cwd=work, name="stale")
    s.initialize()
    buggy, clean = read("queue.c"), read("hw.c")
    q = path("queue.c")
    say("a change before the analysis of version 1 ends supersedes it")
    s.send_raw(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {
                          "uri": uri(q), "languageId": "c", "version": 1,
                          "text": buggy}}})
               + change_frame(q, clean, 2) + save_frame(q))
    s.diagnostics(q)
    say("a close before the analysis of version 3 ends drops it")
    s.send_raw(change_frame(q, buggy, 3) + save_frame(q)
               + frame({"jsonrpc": "2.0", "method": "textDocument/didClose",
                        "params": {"textDocument": {"uri": uri(q)}}}))
    s.diagnostics(q)
    say("nothing more for queue.c: the next diagnostics are interrupt.c's")
    open_and_wait(s, "interrupt.c")
    print("exit status %d" % s.finish())
    check_log(s)


def change_frame(file, text, version):
    return frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
                  "params": {"textDocument": {"uri": uri(file),
                                              "version": version},
                             "contentChanges": [{"text": text}]}})


def save_frame(file):
    return frame({"jsonrpc": "2.0", "method": "textDocument/didSave",
                  "params": {"textDocument": {"uri": uri(file)}}})


def badinput():
    s = Server(tool, cwd=work, name="badinput")
    s.initialize()
    say("a frame without Content-Length is skipped")
    s.send_raw(b"Hello there\r\nX-Other: 1\r\n\r\n")
    s.send_raw(b"Content-Length: abc\r\n\r\n")
    s.show(s.call("kmdf/afterGarbage", None, id=1))
    say("bodies that are not JSON-RPC requests")
    s.send_raw(b"Content-Length: 5\r\n\r\nhello")
    s.send_raw(frame([1, 2]))
    s.send({"id": 2, "method": "shutdown"})
    s.send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
    s.send({"jsonrpc": "2.0", "id": 3})
    s.send({"jsonrpc": "2.0", "id": 4, "method": 42})
    s.send({"jsonrpc": "2.0", "id": 99, "result": None})  # A response.
    s.show(s.call("kmdf/afterBadBodies", None, id=5))
    say("a Content-Length too short: an error, then the next frame is read")
    body = frame({"jsonrpc": "2.0", "id": 6, "method": "kmdf/short"})
    short = body.replace(b"Content-Length: %d" % (len(body) - 22 - 0),
                         b"Content-Length: %d" % (len(body) - 22 - 10))
    s.send_raw(short)
    s.show(s.call("kmdf/afterShortFrame", None, id=7))
    say("documents the server does not analyze")
    s.notify("textDocument/didOpen", {"textDocument": {"languageId": "c"}})
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": "untitled:Untitled-1", "languageId": "c", "version": 1,
        "text": "int x;"}})
    s.open(path("script.py"), "print(1)\n", language="python")
    s.notify("textDocument/didSave", {"textDocument": {"uri": uri(path(
        "hw.c"))}})  # Not open.
    s.notify("textDocument/didChange", "not an object")
    s.show(s.call("kmdf/afterDocuments", None, id=8))
    say("the server still analyzes")
    open_and_wait(s, "queue.c")
    print("exit status %d" % s.finish())
    check_log(s)

    say("a Content-Length too long, then the input ends")
    s = Server(tool, cwd=work, name="toolong")
    s.initialize()
    s.send_raw(b'Content-Length: 1000\r\n\r\n{"jsonrpc": "2.0", "id": 2}')
    s.proc.stdin.close()
    s.expect_end()
    print("exit status %d" % s.wait())
    print("log: %s" % ("the input ended inside a message" in s.log()))
    check_log(s)


def canonical(params):
    """A publishDiagnostics' diagnostics, comparable across servers."""
    return json.dumps(params["diagnostics"], sort_keys=True)


def save_both(servers, name, text, version):
    """The same edit and save in each server; their diagnostics."""
    results = []
    for s in servers:
        s.change(path(name), text, version)
        s.save(path(name))
    for s in servers:
        results.append(s.diagnostics(path(name)) if s is servers[0]
                       else quiet_diagnostics(s, path(name)))
    return results


def quiet_diagnostics(server, file):
    """The next publishDiagnostics of `file`, printing nothing."""
    want = uri(file)
    while True:
        message = server.receive()
        if message is None:
            raise RuntimeError("stdout ended before diagnostics")
        if (message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == want):
            return message["params"]


def incremental():
    s = Server(tool, cwd=work, name="incremental")
    w = Server(tool, ["--incremental=false"], cwd=work, name="whole")
    for server in (s, w):
        server.initialize()
    text = read("interrupt.c")
    say("open: every function is analyzed")
    for server in (s, w):
        server.open(path("interrupt.c"), text)
    same = canonical(s.diagnostics(path("interrupt.c"))) == canonical(
        quiet_diagnostics(w, path("interrupt.c")))
    print("same as --incremental=false: %s" % same)
    edits = [
        ("a body edit: the DPC releases the lock before leaving",
         "    goto Exit; /* BUG: leaves with the lock held. */",
         "    WdfInterruptReleaseLock(Context->Interrupt);\n    goto Exit;"),
        ("two lines more in the ISR: the findings below it move",
         "  ULONG Status = HwReadStatus(Context);",
         "  ULONG Status = HwReadStatus(Context);\n\n  /* read */"),
        ("a new function with a bug",
         "/* The framework also calls",
         "static VOID Twice(WDFINTERRUPT I) {\n  WdfInterruptAcquireLock(I);\n"
         "  WdfInterruptAcquireLock(I);\n}\n\n/* The framework also calls"),
        ("the bug of EvtInterruptDisable fixed",
         "  WdfInterruptAcquireLock(Interrupt); /* BUG: deadlocks. */\n", ""),
    ]
    version = 1
    for title, old, new in edits:
        say(title)
        assert text.count(old) == 1, old
        text = text.replace(old, new)
        version += 1
        mine, theirs = save_both((s, w), "interrupt.c", text, version)
        print("same as --incremental=false: %s"
              % (canonical(mine) == canonical(theirs)))
    print("exit status %d" % s.finish())
    w.finish_quietly()
    say("what each analysis did")
    for line in s.log().splitlines():
        if "finding(s)" in line:
            print(log_line(line))
    check_log(s)


def progress():
    s = Server(tool, cwd=work, name="progress")
    s.call("initialize", {"processId": os.getpid(), "rootUri": uri(work),
                          "capabilities": {"window": {"workDoneProgress":
                                                      True}}})
    s.notify("initialized", {})
    say("the server creates a token, the client confirms it")
    s.open(path("queue.c"))
    create = s.receive()
    print("request %s id=%s token=%s" % (
        create["method"], json.dumps(create["id"]),
        create["params"]["token"]))
    s.send({"jsonrpc": "2.0", "id": create["id"], "result": None})
    say("the progress, the diagnostics (reports collapsed)")
    kinds = []
    while True:
        message = s.receive()
        if message.get("method") == "$/progress":
            value = message["params"]["value"]
            assert message["params"]["token"] == create["params"]["token"]
            if value["kind"] == "begin":
                print("begin title=%s" % value["title"])
            elif value["kind"] == "report":
                assert 0 <= value["percentage"] <= 100
                if not kinds or kinds[-1] != "report":
                    print("report...")
            else:
                print("end message=%s" % value["message"])
                break
            kinds.append(value["kind"])
        else:
            s.show(message)
    say("a second analysis: a new token")
    s.save(path("queue.c"))
    create = s.receive()
    print("request %s id=%s token=%s" % (
        create["method"], json.dumps(create["id"]),
        create["params"]["token"]))
    print("exit status %d" % s.finish_ignoring_progress())
    check_log(s)


def big_driver(callbacks):
    """A file whose analysis takes seconds: many callbacks, many branches."""
    lines = ['#include "driver.h"']
    for i in range(callbacks):
        lines += ["EVT_WDF_INTERRUPT_DPC Slow%d;" % i,
                  "VOID Slow%d(WDFINTERRUPT Interrupt, WDFOBJECT Device) {" % i,
                  "  PDEVICE_CONTEXT C = GetDeviceContext(Device);",
                  "  WdfInterruptAcquireLock(C->Interrupt);"]
        for b in range(8):
            lines += ["  if (C->PendingStatus & %d)" % (1 << b),
                      "    C->TransfersDone += %d;" % b]
        lines += ["  WdfInterruptReleaseLock(C->Interrupt);", "}"]
    return "\n".join(lines) + "\n"


def cancel():
    big = big_driver(200)
    with open(path("big.c"), "w", encoding="utf-8") as f:
        f.write(big)
    s = Server(tool, cwd=work, name="cancel")
    s.initialize()
    say("a change and a save while the first text is analyzed")
    s.send_raw(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {
                          "uri": uri(path("big.c")), "languageId": "c",
                          "version": 1, "text": big}}})
               + change_frame(path("big.c"), read("hw.c"), 2)
               + save_frame(path("big.c")))
    s.diagnostics(path("big.c"))
    say("shutdown while a long analysis runs: answered, nothing published")
    s.send_raw(change_frame(path("big.c"), big, 3) + save_frame(path("big.c"))
               + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    s.show(s.receive())
    s.notify("exit")
    s.expect_end()
    print("exit status %d" % s.wait())
    check_log(s)


def clangd_session(args, name, capabilities=None):
    s = Server(tool, args, cwd=work, name=name)
    response = s.call("initialize", {
        "processId": os.getpid(), "rootUri": uri(work),
        "capabilities": capabilities or {}})
    s.notify("initialized", {})
    return s, response


def wait_diagnostics(s, file, done):
    """Reads until a publishDiagnostics of `file` for which done(params)
    holds; answers the server's requests; returns those params."""
    while True:
        message = s.receive()
        if message is None:
            raise RuntimeError("stdout ended before diagnostics")
        if "method" in message and "id" in message:
            s.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            continue
        if (message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri(file) and done(
                    message["params"])):
            return message["params"]


def from_source(params, source):
    return [d for d in params["diagnostics"] if d.get("source") == source]


def incremental_change(file, version, line, start, end, text):
    return {"textDocument": {"uri": uri(file), "version": version},
            "contentChanges": [{"range": {
                "start": {"line": line, "character": start},
                "end": {"line": line, "character": end}}, "text": text}]}


def clangd():
    args = ["--clangd-arg=--background-index=false"]
    f = path("interrupt.c")
    say("clangd alone: its diagnostics")
    c = Server("clangd", args=None, cwd=work, name="clangd-alone",
               command=["clangd", "--background-index=false"])
    c.initialize()
    c.open(f)
    alone = wait_diagnostics(c, f, lambda p: p["diagnostics"])
    print("%d from clangd" % len(alone["diagnostics"]))
    c.finish_quietly()

    say("kmdf-check --lsp --clangd: clangd's answer to initialize")
    s, response = clangd_session(["--clangd"] + args, "proxy", {
        "window": {"workDoneProgress": True}})
    result = response["result"]
    print("serverInfo.name=%s textDocumentSync=%s" % (
        result["serverInfo"]["name"],
        json.dumps(result["capabilities"]["textDocumentSync"],
                   sort_keys=True)))
    say("clangd's diagnostics as they are, kmdf-check's added")
    s.open(f)
    merged = wait_diagnostics(s, f, lambda p: from_source(p, "kmdf-check")
                              and len(p["diagnostics"]) > 2)
    theirs = [d for d in merged["diagnostics"]
              if d.get("source") != "kmdf-check"]
    print("clangd's unchanged: %s" % (
        json.dumps(theirs, sort_keys=True)
        == json.dumps(alone["diagnostics"], sort_keys=True)))
    s.show_diagnostics({"uri": merged["uri"], "version": merged["version"],
                        "diagnostics": from_source(merged, "kmdf-check")})
    say("an incremental change (clangd's synchronization), saved")
    # Line 23 (0-based 22) is "    goto Exit; /* BUG: ...": release first.
    s.notify("textDocument/didChange", incremental_change(
        f, 2, 22, 4, 4, "WdfInterruptReleaseLock(Context->Interrupt); "))
    s.save(f)
    merged = wait_diagnostics(s, f, lambda p: len(from_source(
        p, "kmdf-check")) == 1 and from_source(p, "clang"))
    s.show_diagnostics({"uri": merged["uri"], "version": "-",
                        "diagnostics": from_source(merged, "kmdf-check")})
    print("clang: %s" % ", ".join(
        d["message"] for d in from_source(merged, "clang")))
    say("a request goes to clangd")
    id = s.request("textDocument/documentSymbol",
                   {"textDocument": {"uri": uri(f)}})
    while True:  # Progress and diagnostics may come first.
        symbols = s.receive()
        if "method" in symbols and "id" in symbols:
            s.send({"jsonrpc": "2.0", "id": symbols["id"], "result": None})
        elif "method" not in symbols and symbols.get("id") == id:
            break
    print("symbols: %s" % ", ".join(sym["name"] for sym in symbols["result"]))
    print("exit status %d" % s.finish_ignoring_progress())
    log = s.log()
    print("answers to kmdf-check's requests kept from clangd: %s" % (
        "kmdf-check/" not in "".join(
            line for line in log.splitlines()
            if line.startswith("V: clangd >>>"))))
    check_log(s)


def ctu_session(args, name, file="isr.c"):
    """A server that opens `file` once and stops."""
    s = Server(tool, args, cwd=work, name=name)
    s.initialize()
    open_and_wait(s, file)
    print("exit status %d" % s.finish())
    check_log(s)


def ctu():
    """DIR is test/ctu's driver, with seh.c and seh-dpc.c."""
    say("no index: each file alone, nothing to say about isr.c")
    ctu_session([], "ctu-none")
    say("--ctu builds the index: the defects through hw.c's helpers")
    s = Server(tool, ["--ctu"], cwd=work, name="ctu")
    s.initialize()
    open_and_wait(s, "isr.c")
    say("a call --ctu cannot follow: a note")
    open_and_wait(s, "seh-dpc.c")
    say("a fix saved in hw.c counts when isr.c is analyzed again")
    s.open(path("hw.c"))
    s.diagnostics(path("hw.c"))
    fixed = read("hw.c").replace(
        "  WdfInterruptAcquireLock(Context->Interrupt);\n"
        "  Value = Context->Register;\n"
        "  WdfInterruptReleaseLock(Context->Interrupt);\n",
        "  Value = Context->Register;\n")
    with open(path("hw.c"), "w", encoding="utf-8") as f:
        f.write(fixed)
    s.change(path("hw.c"), fixed, 2)
    s.save(path("hw.c"))
    s.diagnostics(path("hw.c"))
    s.save(path("isr.c"))
    s.diagnostics(path("isr.c"))
    print("exit status %d" % s.finish())
    check_log(s)
    say("the index a --ctu run left is used without --ctu")
    ctu_session([], "ctu-left")
    say("--ctu=false: each file alone")
    ctu_session(["--ctu=false"], "ctu-off")


{"lifecycle": lifecycle, "diagnostics": diagnostics, "nodb": nodb,
 "stale": stale, "badinput": badinput, "logging": logging,
 "incremental": incremental, "progress": progress, "cancel": cancel,
 "clangd": clangd, "ctu": ctu}[scenario]()
