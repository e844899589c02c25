"""Unit tests of the accuracy harness's text work (test/accuracy/unit.test):
mutations keep lines, the mapping back to the original, deterministic
samples, generated headers, WPP stand-ins, case-insensitive includes."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, sys.argv.pop(1))
from kmdfacc import layout, mutate, score  # noqa: E402


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


if __name__ == "__main__":
    unittest.main(verbosity=2)
