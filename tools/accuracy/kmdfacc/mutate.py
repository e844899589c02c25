"""Seeded defects: one edit of one file per mutant.

* dup-acquire / dup-release: a second identical call right after the first.
  A call that is a statement of its own is repeated as a statement (inside
  braces when it is the body of an if, a loop or a label); a call inside an
  expression becomes `(CALL, CALL)`.
* drop-release: the release statement becomes `;` (a release inside an
  expression becomes `((void)0)`), only inside a role-typed callback.

Every edit keeps the file's lines where they were (the copy is written on the
same line, with its comments and line breaks taken out), so that an unmutated
finding keeps its line in the mutant and a new one can be told apart.
"""

import hashlib
import random
import re

from . import model


def collapse(text):
    """text on one line: comments out, line breaks and tabs as spaces."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "\\" and text.startswith("\\\n", i):
            i += 2
            continue
        out.append(" " if c in "\r\n\t" else c)
        i += 1
    return re.sub(r"  +", " ", "".join(out))


class Mutant:
    __slots__ = ("id", "driver", "path", "abspath", "lang", "site", "kind", "family", "edit",
                 "expect_span", "function", "role")

    def to_json(self):
        return {k: getattr(self, k) for k in self.__slots__ if k not in ("site",)} | {
            "line": self.site["line"], "col": self.site["col"], "api": self.site["api"],
            "spelled": self.site["spelled"], "text": self.site["text"],
            "via_macro": self.site["via_macro"]}


def _id(driver, path, site, kind):
    return "%s/%s:%d:%d/%s" % (driver, path, site["line"], site["col"], kind)


def mutants_for(file_rec, sites, data):
    """The mutants of one file, from its sites and its bytes (data). A
    mutant's edit is a list of (start, end, replacement) on the original."""
    text = data.decode("latin-1")  # one char per byte: offsets stay byte offsets
    out = []
    for s in sites:
        if s["function"] is None:
            continue
        kinds = []
        if s["op"] == model.ACQUIRE:
            kinds.append(model.DUP_ACQUIRE)
        elif s["op"] == model.RELEASE:
            kinds.append(model.DUP_RELEASE)
            if s["role"]:
                kinds.append(model.DROP_RELEASE)
        for kind in kinds:
            m = Mutant()
            m.id = _id(file_rec["driver"], file_rec["path"], s, kind)
            m.driver, m.path, m.abspath, m.lang = (file_rec["driver"], file_rec["path"],
                                                   file_rec["abspath"], file_rec["lang"])
            m.site, m.kind, m.family = s, kind, s["family"]
            m.function, m.role = s["function"], s["role"]
            if kind == model.DROP_RELEASE:
                m.edit, m.expect_span = _drop(text, s)
            else:
                m.edit, m.expect_span = _duplicate(text, s)
            out.append(m)
    return out


def _duplicate(text, s):
    """Edits (a list of (start, end, replacement), in order) and the span of
    the second call in the mutant."""
    start, end = s["start"], s["end"]
    if s["whole_stmt"]:
        ss, se = s["stmt_start"], s["stmt_end"]
        prefix = collapse(text[ss:start])
        call = collapse(text[start:end])
        copy = prefix + call + collapse(text[end:se])
        if s["in_compound"]:
            edits = [(se, se, " " + copy)]
            second = se + 1 + len(prefix)
        else:
            edits = [(ss, ss, "{ "), (se, se, " " + copy + " }")]
            second = se + 2 + 1 + len(prefix)
        return edits, (second, second + len(call))
    copy = collapse(text[start:end])
    edits = [(start, start, "("), (end, end, ", " + copy + ")")]
    second = end + 1 + 2
    return edits, (second, second + len(copy))


def _drop(text, s):
    if s["whole_stmt"]:
        ss, se = s["stmt_start"], s["stmt_end"]
        return [(ss, se, ";" + "\n" * text[ss:se].count("\n"))], None
    start, end = s["start"], s["end"]
    return [(start, end, "((void)0)" + "\n" * text[start:end].count("\n"))], None


def apply(data, edits):
    """The mutated bytes."""
    out = data
    for start, end, repl in sorted(edits, reverse=True):
        out = out[:start] + repl.encode("latin-1") + out[end:]
    return out


def position(data, offset):
    """(line, column) of a byte offset, both from 1, columns in bytes as
    clang counts them."""
    line = data.count(b"\n", 0, offset) + 1
    bol = data.rfind(b"\n", 0, offset) + 1
    return line, offset - bol + 1


def offset_of(data, line, col):
    pos = 0
    for _ in range(line - 1):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return len(data)
        pos = nl + 1
    return pos + col - 1


def map_back(edits, original, mutated, line, col):
    """Where a position of the mutant was in the original: (line, col), or
    None inside text the edits wrote. Every edit keeps the lines."""
    off = offset_of(mutated, line, col)
    delta = 0
    for start, end, repl in sorted(edits):
        m_start = start + delta
        m_end = m_start + len(repl.encode("latin-1"))
        if off < m_start:
            break
        if off < m_end:
            return None
        delta += len(repl.encode("latin-1")) - (end - start)
    return position(original, off - delta)


def sample(mutants, n, seed):
    """A deterministic sample of n mutants, in id order."""
    ordered = sorted(mutants, key=lambda m: m.id)
    if n is None or n >= len(ordered):
        return ordered
    rng = random.Random(seed)
    picked = rng.sample(range(len(ordered)), n)
    return [ordered[i] for i in sorted(picked)]


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]
