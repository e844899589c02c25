"""Reads the warnings of an analyzer run and compares them with the findings
a generated file must produce."""

import collections
import os
import re

WARNING = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): warning: "
    r"(?P<message>.*) \[(?P<checker>[\w.]+)\]$")

# Message kinds, tried in order; each reads one message of the checker.
KMDF_KINDS = [
    ("synchronize-held", re.compile(r" acquired by WdfInterruptSynchronize while already held")),
    ("acquire-framework-held", re.compile(r" acquired while already held: the framework calls ")),
    ("acquire-held", re.compile(r" acquired while already held$")),
    ("release-framework-held", re.compile(r", but the framework, not the driver, holds this lock$")),
    ("release-not-held", re.compile(r" released without being held$")),
    ("held-at-exit", re.compile(r" is still held at the end of callback ")),
]
PTHREAD_KINDS = [
    ("already-acquired", re.compile(r"^This lock has already been acquired$")),
    ("already-unlocked", re.compile(r"^This lock has already been unlocked$")),
]
CHECKERS = {
    "kmdf": ("kmdf.WdfInterruptLock", KMDF_KINDS),
    "pthread": ("alpha.unix.PthreadLock", PTHREAD_KINDS),
}

Finding = collections.namedtuple("Finding", "file line kind")


def classify(message, kinds):
    for kind, pattern in kinds:
        if pattern.search(message):
            return kind
    return "unknown: " + message


def parse(output, api):
    """The findings of \\p api's checker in clang's or kmdf-check's text
    output, with file names reduced to their base name."""
    checker, kinds = CHECKERS[api]
    found = []
    for line in output.splitlines():
        m = WARNING.match(line.strip())
        if m and m.group("checker") == checker:
            found.append(Finding(os.path.basename(m.group("file")),
                                 int(m.group("line")),
                                 classify(m.group("message"), kinds)))
    return found


def expected_findings(entry, ctu=False):
    """The findings of \\p entry; those that need a cross-file analysis only
    with \\p ctu."""
    return [Finding(os.path.basename(entry["path"]), e["line"], e["kind"])
            for e in entry["expected"] if ctu or not e.get("ctu")]


class Comparison:
    """Expected against reported findings, as multisets."""

    def __init__(self, expected, found):
        want = collections.Counter(expected)
        got = collections.Counter(found)
        self.expected = sum(want.values())
        self.found = sum((want & got).values())
        self.missing = sorted((want - got).elements())
        self.extra = sorted((got - want).elements())

    @property
    def exact(self):
        return not self.missing and not self.extra

    def summary(self):
        return "%d of %d expected, %d missing, %d extra" % (
            self.found, self.expected, len(self.missing), len(self.extra))

    def details(self, limit=10):
        lines = []
        for label, items in (("missing", self.missing), ("extra", self.extra)):
            for f in items[:limit]:
                lines.append("  %s: %s:%d %s" % (label, f.file, f.line, f.kind))
            if len(items) > limit:
                lines.append("  ... %d more %s" % (len(items) - limit, label))
        return lines


def compare(entries, output, api, ctu=False):
    """Compares \\p output with the expected findings of the manifest
    \\p entries (files of one API), of an analysis with or without --ctu."""
    expected = [f for e in entries for f in expected_findings(e, ctu)]
    return Comparison(expected, parse(output, api))
