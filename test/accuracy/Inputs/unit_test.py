"""Unit tests of the accuracy harness's text work (test/accuracy/unit.test):
mutations keep lines, the mapping back to the original, deterministic
samples, generated headers, WPP stand-ins, case-insensitive includes, the
ctu step's comparisons and its reading of kmdf-check's stderr."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, sys.argv.pop(1))
from kmdfacc import analyze, ctu, layout, mutate, score  # noqa: E402


def site(text, call, stmt=None, whole=True, in_compound=True):
    start = text.index(call)
    stmt = stmt or call + ";"
    ss = text.index(stmt)
    return {"start": start, "end": start + len(call), "stmt_start": ss, "stmt_end": ss + len(stmt),
            "whole_stmt": whole, "in_compound": in_compound, "line": 1, "col": 1}


class Mutations(unittest.TestCase):
    def test_collapse(self):
        self.assertEqual(mutate.collapse("f(a, // x\n  b) /* y */;"), "f(a, b) ;")
        self.assertEqual(mutate.collapse('g("a // not a comment",\n\tc)'),
                         'g("a // not a comment", c)')

    def check(self, text, edit, span, want):
        out = mutate.apply(text.encode("latin-1"), edit).decode("latin-1")
        self.assertEqual(out, want)
        self.assertEqual(out.count("\n"), text.count("\n"))
        return out[span[0]:span[1]] if span else None

    def test_duplicate_statement(self):
        text = "{\n  Acquire(L);\n  x++;\n}\n"
        edit, span = mutate._duplicate(text, site(text, "Acquire(L)"))
        self.assertEqual(self.check(text, edit, span, "{\n  Acquire(L); Acquire(L);\n  x++;\n}\n"),
                         "Acquire(L)")

    def test_duplicate_body_of_if(self):
        text = "if (c)\n  Release(L);\nelse\n  y();\n"
        edit, span = mutate._duplicate(text, site(text, "Release(L)", in_compound=False))
        self.assertEqual(self.check(text, edit, span,
                                    "if (c)\n  { Release(L); Release(L); }\nelse\n  y();\n"),
                         "Release(L)")

    def test_duplicate_call_on_two_lines(self):
        text = "  Release(\n      L); /* c */\n  z();\n"
        s = site(text, "Release(\n      L)", "Release(\n      L);")
        edit, span = mutate._duplicate(text, s)
        self.assertEqual(self.check(text, edit, span,
                                    "  Release(\n      L); Release( L); /* c */\n  z();\n"),
                         "Release( L)")

    def test_duplicate_inside_expression(self):
        text = "  Old = RaiseToDpc(&L);\n"
        s = site(text, "RaiseToDpc(&L)", "Old = RaiseToDpc(&L);", whole=False)
        edit, span = mutate._duplicate(text, s)
        self.assertEqual(self.check(text, edit, span,
                                    "  Old = (RaiseToDpc(&L), RaiseToDpc(&L));\n"),
                         "RaiseToDpc(&L)")

    def test_drop(self):
        text = "  Release(\n    L);\n  return;\n"
        s = site(text, "Release(\n    L)", "Release(\n    L);")
        edit, span = mutate._drop(text, s)
        self.assertIsNone(span)
        self.check(text, edit, None, "  ;\n\n  return;\n")
        mutated = mutate.apply(text.encode(), edit)
        self.assertIsNone(mutate.map_back(edit, text.encode(), mutated, 1, 3))
        self.assertEqual(mutate.map_back(edit, text.encode(), mutated, 3, 3), (3, 3))
        text = "  x = (Release(L), 1);\n"
        edit, _ = mutate._drop(text, site(text, "Release(L)", "x = (Release(L), 1);", whole=False))
        self.check(text, edit, None, "  x = (((void)0), 1);\n")

    def test_map_back(self):
        original = b"a;\n  Acquire(L); b(); c();\nd;\n"
        text = original.decode()
        edit, span = mutate._duplicate(text, site(text, "Acquire(L)"))
        mutated = mutate.apply(original, edit)
        # Before the edit, the original call, the copy, after it on its line,
        # on a later line.
        self.assertEqual(mutate.map_back(edit, original, mutated, 1, 1), (1, 1))
        self.assertEqual(mutate.map_back(edit, original, mutated, 2, 3), (2, 3))
        self.assertIsNone(mutate.map_back(edit, original, mutated, 2, 16))
        # A call wrapped in (CALL, COPY): the first call keeps its place.
        text2 = "x = f(g(L));\n"
        edit2, span2 = mutate._duplicate(text2, site(text2, "g(L)", "x = f(g(L));", whole=False))
        mutated2 = mutate.apply(text2.encode(), edit2)
        self.assertEqual(mutated2, b"x = f((g(L), g(L)));\n")
        self.assertEqual(mutate.map_back(edit2, text2.encode(), mutated2, 1, 8), (1, 7))
        self.assertIsNone(mutate.map_back(edit2, text2.encode(), mutated2, 1, 14))
        self.assertEqual(mutate.map_back(edit2, text2.encode(), mutated2, 1, 19), (1, 11))
        col_b_mutant = mutated.split(b"\n")[1].index(b"b()") + 1
        col_b_original = original.split(b"\n")[1].index(b"b()") + 1
        self.assertEqual(mutate.map_back(edit, original, mutated, 2, col_b_mutant),
                         (2, col_b_original))
        self.assertEqual(mutate.map_back(edit, original, mutated, 3, 1), (3, 1))

    def test_sample_is_deterministic(self):
        class M:
            def __init__(self, i):
                self.id = "m%03d" % i
        ms = [M(i) for i in range(50)]
        a = [m.id for m in mutate.sample(ms, 7, 3)]
        b = [m.id for m in mutate.sample(list(reversed(ms)), 7, 3)]
        self.assertEqual(a, b)
        self.assertEqual(a, sorted(a))
        self.assertEqual(len(mutate.sample(ms, None, 1)), 50)

    def test_names_callback(self):
        self.assertTrue(score._names_callback("X is still held at the end of callback 'F'", "F"))
        self.assertTrue(score._names_callback("X ... callback 'C::F'", "F"))
        self.assertFalse(score._names_callback("X ... callback 'FF'", "F"))


class Generated(unittest.TestCase):
    def test_mc_header(self):
        mc = (b"MessageIdTypedef=NTSTATUS\n"
              b"FacilityNames=(Io=0x4:FACILITY_IO_ERROR_CODE)\n"
              b"MessageId=0x0005 Facility=Io Severity=Error SymbolicName=IO_BROKEN\n"
              b"Language=English\nBroken.\n.\n"
              b"MessageId= Facility=Io Severity=Warning SymbolicName=IO_NEXT\n"
              b"Language=English\nNext.\n.\n")
        h = layout.mc_header(mc, "x.mc")
        self.assertIn("#define IO_BROKEN (((NTSTATUS)0xC0040005L))", h)
        self.assertIn("#define IO_NEXT (((NTSTATUS)0x80040006L))", h)
        self.assertIn("#define FACILITY_IO_ERROR_CODE 0x4", h)

    def test_etw_header(self):
        man = b'<provider name="My-Provider" symbol="P"/><event symbol="Start" value="1"/>'
        h = layout.etw_header(man, "x.man")
        self.assertIn("#define EventRegisterMyProvider() ((NTSTATUS)0)", h)
        self.assertIn("#define EventWriteStart(...) ((NTSTATUS)0)", h)

    def test_wpp_functions_and_pre_post(self):
        texts = [b"// begin_wpp config\n// FUNC Trace{FLAGS=F}(LEVEL, MSG, ...);\n"
                 b"// FUNC CHK{CHK=D}(STATUS, MSG, ...);\n// end_wpp\n",
                 b"<WppTraceFunction>Dbg(LEVEL,MSG,...);Hex((LEVEL,MSG,...))</WppTraceFunction>"]
        funcs = layout.parse_wpp_funcs(texts)
        self.assertEqual([f[0] for f in funcs], ["CHK", "Dbg", "Hex", "Trace"])
        h = layout.wpp_standins(funcs, {b"WPP_CHK_STATUS_PRE", b"WPP_CHK_STATUS_POST"})
        self.assertIn("#define CHK(STATUS,MSG,...) WPP_CHK_STATUS_PRE(D,STATUS) ((void)0) "
                      "WPP_CHK_STATUS_POST(D,STATUS)", h)
        self.assertIn("#define Trace(LEVEL,MSG,...) ((void)0)", h)
        self.assertIn("#define Hex(...) ((void)0)", h)

    def test_case_index(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "Inc"))
            open(os.path.join(d, "Inc", "Foo.h"), "w").close()
            idx = layout.CaseIndex()
            self.assertEqual(idx.find(d, "Inc/Foo.h"), (True, os.path.join(d, "Inc/Foo.h")))
            self.assertEqual(idx.find(d, "inc\\FOO.H"), (False, os.path.join(d, "Inc", "Foo.h")))
            self.assertEqual(idx.find(d, "bar.h"), (False, None))


class WholeDriver(unittest.TestCase):
    """The ctu step's comparisons and the reading of kmdf-check's stderr."""

    @staticmethod
    def finding(line, message="Lock 'L' acquired while already held"):
        return {"path": "/d/a.c", "line": line, "col": 3, "message": message}

    def test_compare_counts_repeats(self):
        # --ctu reports a helper's defect once per callback: the second copy
        # of a finding the one-file run has once is added.
        one = [self.finding(1), self.finding(2)]
        both = [self.finding(2), self.finding(2), self.finding(3)]
        added, lost = ctu.compare(one, both)
        self.assertEqual([g["line"] for g in added], [2, 3])
        self.assertEqual([g["line"] for g in lost], [1])
        self.assertEqual(ctu.compare(both, both), ([], []))

    def test_parse_stderr(self):
        err = ("[1/2] a.c\n"
               "kmdf-check: note: --ctu: calls to a function defined in more than one file are "
               "not followed across files: f (a.c, b.c)\n"
               "kmdf-check: warning: 'sub/b.c' was analyzed without --ctu: following calls into "
               "other files failed (c.c:1:2: cannot import unsupported AST node SEHTryStmt)\n"
               "kmdf-check: note: sub/q.c:7:3: in the analysis of 'sub/q.c', calls to 'Read' "
               "were not followed into the file that defines it: clang could not import its "
               "definition (its error on stderr names what the importer does not support)\n"
               "kmdf-check: error: cannot analyze 'd.c':\n"
               "kmdf-check: 1 finding in 2 files; 1 file analyzed without --ctu\n")
        notes, fallbacks, not_followed, other = ctu.parse_stderr(err, "/w")
        self.assertEqual(notes, ["calls to a function defined in more than one file are not "
                                 "followed across files: f (a.c, b.c)"])
        self.assertEqual(fallbacks, [{"file": "/w/sub/b.c", "reason": "following calls into other "
                                      "files failed (c.c:1:2: cannot import unsupported AST node "
                                      "SEHTryStmt)"}])
        self.assertEqual(not_followed, [{"file": "/w/sub/q.c", "where": "/w/sub/q.c:7:3",
                                         "note": "calls to 'Read' "
                                         "were not followed into the file that defines it: "
                                         "clang could not import its definition (its error on "
                                         "stderr names what the importer does not support)"}])
        self.assertEqual(other, ["kmdf-check: error: cannot analyze 'd.c':"])

    def test_subset_database(self):
        with tempfile.TemporaryDirectory() as d:
            db = [{"directory": d, "file": "a.c", "arguments": ["cc", "-c", "a.c"]},
                  {"directory": d, "file": os.path.join(d, "b.c"), "arguments": ["cc", "b.c"]},
                  {"directory": d, "file": "other.c", "arguments": ["cc", "other.c"]}]
            with open(os.path.join(d, "compile_commands.json"), "w") as f:
                json.dump(db, f)
            files = [{"driver": "x", "path": n, "abspath": os.path.join(d, n)}
                     for n in ("a.c", "b.c")]
            out = ctu.write_subset(os.path.join(d, "compile_commands.json"), files,
                                   os.path.join(d, "ctu", "x"))
            with open(out) as f:
                self.assertEqual(json.load(f), db[:2])
            with self.assertRaises(ctu.HarnessError):
                ctu.write_subset(os.path.join(d, "compile_commands.json"),
                                 files + [{"driver": "x", "path": "c.c",
                                           "abspath": os.path.join(d, "c.c")}], d)

    def test_no_analysis_after_stop(self):
        # A driver's two runs are made by one worker thread: once the run is
        # interrupted, the second must not start.
        try:
            analyze.stop_children()
            with self.assertRaises(analyze.Stopped):
                analyze.run_timed([sys.executable, "-c", "pass"], "/")
        finally:
            analyze._stopping[0] = False
        self.assertEqual(analyze.run_timed([sys.executable, "-c", "pass"], "/")[0], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
