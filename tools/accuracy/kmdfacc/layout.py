"""Lays out the corpus: the drivers' folders out of the snapshots, the flags
that parse them on Linux, and the small things Windows builds make on the fly
(WPP's .tmh files, case-insensitive includes).

Everything written here is under the output folder; nothing of it is ever
committed.
"""

import io
import json
import os
import re
import shutil
import subprocess
import tarfile

from . import manifest as mf
from .util import HarnessError, ROOT, log

MINGW_DDK = "/usr/share/mingw-w64/include/ddk"
MINGW_INCLUDE = "/usr/share/mingw-w64/include"
STANDINS = os.path.join(ROOT, "tools", "accuracy", "include")

INCLUDE_RE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\r\n]+)[>"]', re.M)
WPP_BLOCK_RE = re.compile(rb"begin_wpp config(.*?)end_wpp", re.S)
WPP_FUNC_RE = re.compile(r"FUNC\s+([A-Za-z_]\w*)\s*(\{[^}]*\})?\s*\(([^)]*)\)")
WPP_CMDLINE_RE = re.compile(rb"-func:\s*([A-Za-z_]\w*)\s*(\{[^}]*\})?\s*\(([^)]*)\)")
WPP_VCXPROJ_RE = re.compile(rb"<WppTraceFunction>([^<]*)</WppTraceFunction>")
WPP_SPEC_RE = re.compile(r"\s*([A-Za-z_]\w*)\s*(\{[^}]*\})?\s*\((.*)\)\s*$")
HEADER_EXTS = (".h", ".hpp", ".hxx", ".inl", ".hh")
SOURCE_EXTS = (".c", ".cpp", ".cxx", ".cc")


def resource_dir(clang):
    r = subprocess.run([clang, "-print-resource-dir"], capture_output=True, text=True)
    if r.returncode != 0:
        raise HarnessError("%s -print-resource-dir failed: %s" % (clang, r.stderr.strip()))
    return r.stdout.strip()


def language(path):
    return "c++" if path.lower().endswith((".cpp", ".cxx", ".cc")) else "c"


# -- extraction ---------------------------------------------------------------

def extract(gitdir, commit, folders, dest):
    """Writes the folders of one commit under dest, through git archive.
    Returns the files the snapshot lacks (it leaves out files of 4 MiB and
    more): an error if one of them is C or C++, else only listed."""
    folders = sorted(set(folders))
    r = subprocess.run(["git", "-C", gitdir, "archive", "--format=tar", commit, "--"] + folders,
                       capture_output=True)
    absent = []
    if r.returncode != 0:
        absent = _absent_blobs(gitdir, commit, folders)
        code = [p for p in absent if p.lower().endswith(HEADER_EXTS + SOURCE_EXTS)]
        if code or not absent:
            raise HarnessError("git archive of %s at %s failed: %s" % (
                gitdir, commit[:12], r.stderr.decode(errors="replace").strip()
                + ("" if not code else "; source files absent from the snapshot: "
                   + ", ".join(code))))
        r = subprocess.run(["git", "-C", gitdir, "archive", "--format=tar", commit, "--"] + folders
                           + [":(exclude)" + p for p in absent], capture_output=True)
        if r.returncode != 0:
            raise HarnessError("git archive of %s at %s failed: %s" % (
                gitdir, commit[:12], r.stderr.decode(errors="replace").strip()))
    with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
        for m in tar.getmembers():
            # A snapshot's archive is data: no links out of it, no devices.
            if m.issym() or m.islnk() or not (m.isfile() or m.isdir()):
                raise HarnessError("%s at %s: %s is not a plain file" % (gitdir, commit[:12], m.name))
            if m.name.startswith("/") or ".." in m.name.split("/"):
                raise HarnessError("%s at %s: unsafe path %s" % (gitdir, commit[:12], m.name))
        tar.extractall(dest)
    return absent


def _absent_blobs(gitdir, commit, folders):
    listing = subprocess.run(["git", "-C", gitdir, "ls-tree", "-r", "-z", commit, "--"] + folders,
                             capture_output=True).stdout.decode(errors="replace")
    entries = []
    for item in listing.split("\0"):
        if item and "\t" in item:
            meta, path = item.split("\t", 1)
            entries.append((meta.split()[2], path))
    check = subprocess.run(["git", "-C", gitdir, "cat-file", "--batch-check"],
                           input="".join(h + "\n" for h, _ in entries).encode(),
                           capture_output=True).stdout.decode().splitlines()
    return sorted(p for (h, p), line in zip(entries, check) if line.endswith("missing"))


def transcode_tree(root):
    """Windows code pages: MSVC reads a C or C++ file that is not UTF-8 in the
    system code page; clang reads UTF-8 only. Rewrites such files as UTF-8
    from Windows-1252, the code page the corpus's files are in. Returns them."""
    done = []
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            if not n.lower().endswith(HEADER_EXTS + SOURCE_EXTS):
                continue
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                data = f.read()
            try:
                data.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
            with open(p, "wb") as f:
                f.write(data.decode("cp1252", errors="replace").encode("utf-8"))
            done.append(os.path.relpath(p, root))
    return sorted(done)


# -- includes -----------------------------------------------------------------

class CaseIndex:
    """Case-insensitive lookups of paths below some folders, cached."""

    def __init__(self):
        self._listing = {}

    def _entries(self, folder):
        if folder not in self._listing:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
            m = {}
            for n in names:
                m.setdefault(n.lower(), []).append(n)
            self._listing[folder] = m
        return self._listing[folder]

    def find(self, base, rel):
        """(exact, found): exact is True if base/rel exists as spelled; found
        is the real path that matches it case-insensitively, or None."""
        parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
        exact = "\\" not in rel and os.path.isfile(os.path.join(base, rel))
        if exact:
            return True, os.path.join(base, rel)
        cur = base
        for i, part in enumerate(parts):
            if part == "..":
                cur = os.path.dirname(cur)
                continue
            cands = self._entries(cur).get(part.lower(), [])
            if not cands:
                return False, None
            cur = os.path.join(cur, part if part in cands else cands[0])
        return False, (cur if os.path.isfile(cur) else None)


def parse_wpp_funcs(texts):
    """The WPP trace functions a driver declares, from the `begin_wpp config`
    blocks of its files and `-func:` options of its project files:
    [(name, [(key, value)], [params])]."""
    seen = {}
    for t in texts:
        for block in WPP_BLOCK_RE.findall(t):
            lines = [ln.strip().lstrip("/").strip() for ln in block.decode(errors="replace").splitlines()]
            for m in WPP_FUNC_RE.finditer("\n".join(lines)):
                seen.setdefault(m.group(1), _wpp_spec(m.group(1), m.group(2), m.group(3)))
        for m in WPP_CMDLINE_RE.finditer(t):
            name = m.group(1).decode()
            seen.setdefault(name, _wpp_spec(name, m.group(2) and m.group(2).decode(),
                                             m.group(3).decode()))
        for m in WPP_VCXPROJ_RE.finditer(t):
            for spec in m.group(1).decode(errors="replace").split(";"):
                s = WPP_SPEC_RE.match(spec)
                if s:
                    seen.setdefault(s.group(1), _wpp_spec(s.group(1), s.group(2), s.group(3)))
    return [seen[k] for k in sorted(seen)]


def _wpp_spec(name, keys, params):
    kv = []
    if keys:
        for item in keys.strip("{}").split(","):
            if "=" in item:
                k, v = item.split("=", 1)
                kv.append((k.strip(), v.strip()))
    # FUNC F((LEVEL, MSG, ...)) or F(LEVEL, FLAGS, (MSG, ...)): the arguments
    # from the parenthesized group on are one argument; take them as "...".
    ps = []
    for p in [p.strip() for p in params.split(",") if p.strip()]:
        if "(" in p:
            ps.append("...")
            break
        ps.append(p)
    return (name, kv, ps)


def wpp_standins(funcs, defined_macros):
    """Our stand-in for what the WPP preprocessor generates: each trace
    function becomes a macro that evaluates nothing, wrapped in the driver's
    own PRE/POST macros when it defines them (WPP puts them around the call,
    and some drivers hide an early exit in them)."""
    out = ["/* Written by tools/accuracy (kmdf-check): stand-ins for WPP's generated",
           "   macros, so that traced sources parse on Linux. Not WPP's output. */",
           "#ifndef KMDFACC_WPP_STANDINS_H", "#define KMDFACC_WPP_STANDINS_H",
           "#define WPP_INIT_TRACING(...) ((void)0)",
           "#define WPP_CLEANUP(...) ((void)0)",
           "#define WPP_RECORDER_COMPATIBLE(...) ((void)0)",
           "/* WPP's templates bring evntrace.h's trace levels. */",
           "#ifndef TRACE_LEVEL_NONE",
           "#define TRACE_LEVEL_NONE 0", "#define TRACE_LEVEL_CRITICAL 1",
           "#define TRACE_LEVEL_FATAL 1", "#define TRACE_LEVEL_ERROR 2",
           "#define TRACE_LEVEL_WARNING 3", "#define TRACE_LEVEL_INFORMATION 4",
           "#define TRACE_LEVEL_VERBOSE 5", "#endif"]
    names = set()
    for name, kv, params in funcs:
        if name in ("WPP_INIT_TRACING", "WPP_CLEANUP"):
            continue
        names.add(name)
        positional = [p for p in params if p not in ("MSG", "...")]
        formal = params
        # WPP names the PRE/POST macros after the keys and the positional
        # parameters: WPP_<K1>_<K2>_<P1>_PRE(k1, k2, p1).
        tag = "_".join([k for k, _ in kv] + positional)
        actual = ",".join([v for _, v in kv] + positional)
        pre, post = "WPP_%s_PRE" % tag, "WPP_%s_POST" % tag
        body = "((void)0)"
        if tag and pre.encode() in defined_macros and post.encode() in defined_macros:
            body = "%s(%s) ((void)0) %s(%s)" % (pre, actual, post, actual)
        out.append("#define %s(%s) %s" % (name, ",".join(formal), body))
    if "DoTraceMessage" not in names:
        out.append("#define DoTraceMessage(...) ((void)0)")
    out.append("#endif")
    return "\n".join(out) + "\n"


# -- the corpus ---------------------------------------------------------------

class Layout:
    """Where things are in the output folder."""

    def __init__(self, out):
        self.out = os.path.abspath(out)
        self.corpus = os.path.join(self.out, "corpus")
        self.gen = os.path.join(self.out, "gen")
        self.db = os.path.join(self.out, "compile_commands.json")
        self.json = os.path.join(self.out, "layout.json")

    def repo_root(self, repo):
        return os.path.join(self.corpus, repo.replace("/", "+"))


def flags_for(man, drv, lay, kmdf_dir, resource, lang):
    """The compiler arguments of one file of drv (without the file)."""
    root = lay.repo_root(drv.repo)
    gen = os.path.join(lay.gen, drv.name)
    flags = []
    if man.toolchain.style == "mingw":
        flags += ["--target=x86_64-pc-windows-msvc", "-fms-extensions", "-fms-compatibility",
                  "-D__GNUC__=4", "-D__GNUC_MINOR__=9", "-nostdinc"]
    flags += ["-I" + os.path.join(root, drv.dir)]
    flags += ["-I" + os.path.join(root, i) for i in drv.include]
    flags += ["-I" + os.path.join(gen, "generated"), "-I" + os.path.join(gen, "alias"),
              "-I" + os.path.join(lay.gen, "_toolchain", "alias")]
    if man.toolchain.style == "mingw":
        flags += ["-I" + STANDINS,
                  "-isystem", kmdf_dir,
                  "-isystem", MINGW_DDK, "-isystem", MINGW_INCLUDE,
                  "-isystem", os.path.join(resource, "include"),
                  "-D_AMD64_", "-DAMD64", "-D_WIN64", "-D_KERNEL_MODE=1",
                  "-DKMDF_VERSION_MAJOR=%d" % man.toolchain.kmdf_version[0],
                  "-DKMDF_VERSION_MINOR=%d" % man.toolchain.kmdf_version[1]]
        if lang == "c++":
            flags += ["-std=c++17", "-D__INTRINSIC_DEFINED_InterlockedBitTestAndSet",
                      "-D__INTRINSIC_DEFINED_InterlockedBitTestAndReset"]
    flags += man.toolchain.flags
    flags += ["-D" + d for d in drv.defines]
    flags += drv.flags
    flags += drv.cxxflags if lang == "c++" else drv.cflags
    # The language is given, not guessed from the name: Windows compiles
    # FOO.C as C, clang on Linux would take it for C++.
    flags += ["-x", lang]
    return flags


def include_dirs(flags):
    """The -I and -isystem folders of flags, in search order (-I first)."""
    quote, system = [], []
    it = iter(range(len(flags)))
    for i in it:
        f = flags[i]
        if f.startswith("-I") and len(f) > 2:
            quote.append(f[2:])
        elif f == "-isystem" and i + 1 < len(flags):
            system.append(flags[i + 1])
            next(it, None)
    return quote + system


def make(man, mirror, out, clang, drivers, jobs=1):
    """Lays out the corpus for the selected drivers. Returns the layout record
    (also written to layout.json)."""
    lay = Layout(out)
    commits = mf.resolve(man, mirror)
    for d in (lay.corpus, lay.gen):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)

    problems = []
    # What to extract from each repository.
    want = {}
    for drv in drivers:
        want.setdefault(drv.repo, set()).update([drv.dir] + drv.include + drv.extract)
    kmdf_dir = ""
    if man.toolchain.style == "mingw":
        want.setdefault(man.toolchain.kmdf_repo, set()).add(man.toolchain.kmdf_path)
        kmdf_dir = os.path.join(lay.repo_root(man.toolchain.kmdf_repo), man.toolchain.kmdf_path)
    for name in sorted(want):
        repo = man.repos[name]
        log("layout: %s @ %s: %s" % (name, commits[name][:12], ", ".join(sorted(want[name]))))
        os.makedirs(lay.repo_root(name), exist_ok=True)
        for p in extract(mf.repo_dir(mirror, repo), commits[name], want[name], lay.repo_root(name)):
            problems.append("%s: %s is absent from the snapshot (not a source file; left out)"
                            % (name, p))
    resource = resource_dir(clang) if man.toolchain.style == "mingw" else ""
    transcoded = transcode_tree(lay.corpus)

    files = []
    skipped = []
    db = []
    # The KMDF headers, as Windows reads them, include each other without
    # minding case (wdf.h: "WdfQueryInterface.h"): aliases for all drivers.
    os.makedirs(os.path.join(lay.gen, "_toolchain", "alias"))
    if kmdf_dir:
        tool_dirs = [kmdf_dir, STANDINS, MINGW_DDK, MINGW_INCLUDE]
        scanned = {}
        for base in (kmdf_dir, STANDINS):
            for dirpath, _, names in os.walk(base):
                for n in sorted(names):
                    p = os.path.join(dirpath, n)
                    with open(p, "rb") as f:
                        scanned[p] = f.read()
        aliases, _ = _aliases(scanned, tool_dirs, CaseIndex(), "toolchain", problems)
        _write_aliases(aliases, os.path.join(lay.gen, "_toolchain", "alias"))

    for drv in drivers:
        gitdir = mf.repo_dir(mirror, man.repos[drv.repo])
        tree = mf.tree_files(gitdir, commits[drv.repo], drv.dir)
        sources = mf.select_sources(tree, drv)
        for src in list(sources):
            reason = mf.skip_reason(src, drv)
            if reason:
                sources.remove(src)
                skipped.append({"driver": drv.name, "repo": drv.repo, "path": src,
                                "reason": reason})
        if not sources:
            raise HarnessError("driver %s: no source matches %s in %s" % (
                drv.name, drv.sources, drv.dir))
        root = lay.repo_root(drv.repo)
        gen = os.path.join(lay.gen, drv.name)
        os.makedirs(os.path.join(gen, "generated"))
        os.makedirs(os.path.join(gen, "alias"))

        # Every file the driver's folders hold: for includes and WPP config.
        scanned = []
        for folder in [drv.dir] + drv.include + drv.extract:
            base = os.path.join(root, folder)
            for dirpath, _, names in os.walk(base):
                for n in sorted(names):
                    scanned.append(os.path.join(dirpath, n))
        texts_all = scanned
        texts = {}
        for p in scanned:
            if p.lower().endswith(HEADER_EXTS + SOURCE_EXTS + (".vcxproj", ".props", ".mc",
                                                               ".man")) \
                    or os.path.basename(p).lower() == "sources":
                with open(p, "rb") as f:
                    texts[p] = f.read()
        macros = set(re.findall(rb"#\s*define\s+(\w+)", b"\n".join(texts.values())))
        funcs = parse_wpp_funcs(texts.values())
        for spec in drv.wpp:
            m = WPP_FUNC_RE.match("FUNC " + spec)
            if not m:
                raise HarnessError("driver %s: bad wpp entry '%s'" % (drv.name, spec))
            funcs.append(_wpp_spec(m.group(1), m.group(2), m.group(3)))
        with open(os.path.join(gen, "generated", "kmdfacc-wpp-standins.h"), "w") as f:
            f.write(wpp_standins(funcs, macros))

        # Headers that mc.exe makes from the driver's .mc message files and
        # .man ETW manifests (named by the project's GeneratedFilesBaseName).
        basenames = {}
        for p, t in texts.items():
            if p.lower().endswith(".vcxproj"):
                for inc, body in MSGCOMPILE_RE.findall(t):
                    b = re.search(rb"<GeneratedFilesBaseName>([^<]+)<", body)
                    if b:
                        basenames[os.path.basename(inc.decode()).lower()] = b.group(1).decode()
        for p in sorted(texts_all):
            low = p.lower()
            if low.endswith((".mc", ".man")):
                base = basenames.get(os.path.basename(low),
                                     os.path.splitext(os.path.basename(p))[0])
                with open(p, "rb") as f:
                    data = f.read()
                header = (mc_header(data, os.path.basename(p)) if low.endswith(".mc")
                          else etw_header(data, os.path.basename(p)))
                with open(os.path.join(gen, "generated", base + ".h"), "w") as f:
                    f.write(header)

        dirs = include_dirs(flags_for(man, drv, lay, kmdf_dir, resource, "c"))
        sources_and_headers = {p: t for p, t in texts.items()
                               if p.lower().endswith(HEADER_EXTS + SOURCE_EXTS)}
        aliases, tmh = _aliases(sources_and_headers, dirs, CaseIndex(), drv.name, problems)
        for name in sorted(tmh):
            with open(os.path.join(gen, "generated", name), "w") as f:
                f.write("/* Empty stand-in for a WPP-generated file (tools/accuracy). */\n"
                        "#include \"kmdfacc-wpp-standins.h\"\n")
        _write_aliases(aliases, os.path.join(gen, "alias"))
        for src in sources:
            path = os.path.join(root, src)
            lang = language(src)
            args = flags_for(man, drv, lay, kmdf_dir, resource, lang)
            db.append({"directory": os.path.dirname(path),
                       "arguments": ["clang"] + args + ["-c", path],
                       "file": path})
            files.append({"driver": drv.name, "repo": drv.repo, "path": src,
                          "abspath": path, "lang": lang, "args": args,
                          "lines": _count_lines(path)})
    db.sort(key=lambda e: e["file"])
    files.sort(key=lambda e: (e["driver"], e["path"]))
    with open(lay.db, "w") as f:
        json.dump(db, f, indent=1)
    record = {"commits": commits, "files": files, "problems": problems, "skipped": skipped,
              "transcoded": transcoded,
              "drivers": [d.name for d in drivers]}
    with open(lay.json, "w") as f:
        json.dump(record, f, indent=1)
    return record


MSGCOMPILE_RE = re.compile(rb'<MessageCompile\s+Include="([^"]+)"\s*>(.*?)</MessageCompile>', re.S)
ETW_EVENT_RE = re.compile(rb"<event\b[^>]*?\bsymbol\s*=\s*\"(\w+)\"", re.S)
ETW_PROVIDER_RE = re.compile(rb"<provider\b[^>]*?\bname\s*=\s*\"([^\"]+)\"", re.S)


def etw_header(data, source):
    """What mc.exe -km writes for an ETW manifest, reduced to what C code
    calls: EventRegister<Provider>/EventUnregister<Provider> and an
    EventWrite<Symbol> per event, all evaluating nothing."""
    out = ["/* Written by tools/accuracy (kmdf-check) from %s: stand-ins for the"
           " logging macros mc.exe generates. */" % source, "#pragma once"]
    for name in sorted(set(ETW_PROVIDER_RE.findall(data))):
        ident = re.sub(r"\W", "", name.decode())
        out.append("#define EventRegister%s() ((NTSTATUS)0)" % ident)
        out.append("#define EventUnregister%s() ((NTSTATUS)0)" % ident)
    for sym in sorted(set(ETW_EVENT_RE.findall(data))):
        out.append("#define EventWrite%s(...) ((NTSTATUS)0)" % sym.decode())
        out.append("#define EventEnabled%s() FALSE" % sym.decode())
    return "\n".join(out) + "\n"


def mc_header(data, source):
    """What the message compiler writes for a .mc file, reduced to what C
    code sees: a #define per SymbolicName (facility, severity and id as
    mc.exe combines them) and the facility and severity names."""
    text = data.decode("latin-1")
    typedef = ""
    severities = {"Success": (0, None), "Informational": (1, None), "Warning": (2, None),
                  "Error": (3, None)}
    facilities = {"System": (0, None), "Application": (0xFFF, None)}
    out = ["/* Written by tools/accuracy (kmdf-check) from %s, as mc.exe would: the"
           " symbolic names only. */" % source, "#pragma once"]
    cur = {"id": 0, "sev": 0, "fac": 0}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line.startswith(";"):
            continue
        if line.lower().startswith("language="):
            while i < len(lines) and lines[i].strip() != ".":
                i += 1
            i += 1
            continue
        # A name table may span lines: Name=(a=1:X b=2:Y).
        m = re.match(r"(\w+)\s*=\s*\(", line)
        if m:
            while ")" not in line and i < len(lines):
                line += " " + lines[i].strip()
                i += 1
            body = line[line.index("(") + 1:line.index(")")]
            key = m.group(1).lower()
            table = {"severitynames": severities, "facilitynames": facilities}.get(key)
            if table is not None:
                for item in body.split():
                    name, _, rest = item.partition("=")
                    num, _, macro = rest.partition(":")
                    try:
                        table[name] = (int(num, 0), macro or None)
                    except ValueError:
                        pass
            continue
        sym = None
        for token in line.split():
            key, eq, value = token.partition("=")
            if not eq:
                continue
            k = key.lower()
            if k == "messageidtypedef":
                typedef = value
            elif k == "messageid":
                if value.startswith("+"):
                    cur["id"] += int(value[1:] or "1", 0)
                elif value:
                    cur["id"] = int(value, 0)
                else:
                    cur["id"] += 1
            elif k == "severity":
                cur["sev"] = severities.get(value, (0, None))[0]
            elif k == "facility":
                cur["fac"] = facilities.get(value, (0, None))[0]
            elif k == "symbolicname":
                sym = value
        if sym:
            code = (cur["sev"] << 30) | (cur["fac"] << 16) | (cur["id"] & 0xFFFF)
            cast = "(%s)" % typedef if typedef else ""
            out.append("#define %s ((%s0x%08XL))" % (sym, cast, code) if cast else
                       "#define %s 0x%08XL" % (sym, code))
    for table in (severities, facilities):
        for name, (num, macro) in sorted(table.items()):
            if macro:
                out.insert(2, "#define %s 0x%X" % (macro, num))
    return "\n".join(out) + "\n"


def _aliases(texts, dirs, cindex, who, problems):
    """Names that files include with another case than the file has:
    {included name: real path}; and the .tmh names they include."""
    aliases = {}
    tmh = set()
    for p, text in sorted(texts.items()):
        for kind, raw in INCLUDE_RE.findall(text):
            name = raw.decode(errors="replace").strip()
            if name.lower().endswith(".tmh"):
                tmh.add(name)
                continue
            search = ([os.path.dirname(p)] if kind == b'"' else []) + dirs
            # Windows takes the first folder that has the name in any case.
            found = None
            for d in search:
                exact, real = cindex.find(d, name)
                if exact:
                    found = True
                    break
                if real:
                    found = real
                    break
            if found is True or found is None:
                continue  # as spelled, or not ours to fix (the compile says)
            prev = aliases.get(name)
            if prev and prev != found:
                problems.append("%s: '%s' means %s and %s in different files" % (
                    who, name, prev, found))
                continue
            aliases[name] = found
    return aliases, tmh


def _write_aliases(aliases, folder):
    for name, target in sorted(aliases.items()):
        link = os.path.join(folder, name)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if not os.path.lexists(link):
            os.symlink(target, link)


def _count_lines(path):
    with open(path, "rb") as f:
        return f.read().count(b"\n")
