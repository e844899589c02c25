"""Parses each file with libclang (Debian's python3-clang-19): whether it
compiles, and every lock call of its main file with the statement around it,
the function it is in and that function's callback role.

A site's text positions are byte offsets in the file as it is on disk, taken
from the expansion of macros (a call written through `KeAcquireSpinLock(...)`
or a driver's own LOCK() macro is the macro's invocation).
"""

import os
import re

from . import model
from .util import HarnessError

_cindex = None


def cindex():
    global _cindex
    if _cindex is None:
        try:
            import clang.cindex as ci
        except ImportError:
            raise HarnessError("libclang's Python bindings are missing: "
                               "tools/install-deps --extras accuracy (python3-clang-19)")
        for cand in ("/usr/lib/llvm-19/lib/libclang-19.so.1", "/usr/lib/llvm-19/lib/libclang.so"):
            if os.path.exists(cand):
                try:
                    ci.Config.set_library_file(cand)
                except Exception:
                    pass
                break
        _cindex = ci
    return _cindex


FUNCTION_KINDS = None
STOP_PARENTS = None


def _kinds():
    global FUNCTION_KINDS, STOP_PARENTS
    if FUNCTION_KINDS is None:
        K = cindex().CursorKind
        FUNCTION_KINDS = {K.FUNCTION_DECL, K.CXX_METHOD, K.CONSTRUCTOR, K.DESTRUCTOR,
                          K.FUNCTION_TEMPLATE, K.LAMBDA_EXPR, K.CONVERSION_FUNCTION}
        STOP_PARENTS = {K.COMPOUND_STMT, K.IF_STMT, K.FOR_STMT, K.WHILE_STMT, K.DO_STMT,
                        K.CASE_STMT, K.DEFAULT_STMT, K.LABEL_STMT, K.SWITCH_STMT,
                        K.CXX_FOR_RANGE_STMT}
    return FUNCTION_KINDS, STOP_PARENTS


def role_names(ty):
    """The typedef names a declaration's type is written with, outermost
    first (`EVT_WDF_DEVICE_CONTEXT_CLEANUP` then `EVT_WDF_OBJECT_CONTEXT_CLEANUP`)."""
    ci = cindex()
    names = []
    seen = 0
    while ty is not None and seen < 8:
        seen += 1
        if ty.kind == ci.TypeKind.ELABORATED:
            ty = ty.get_named_type()
            continue
        if ty.kind != ci.TypeKind.TYPEDEF:
            break
        decl = ty.get_declaration()
        names.append(decl.spelling)
        ty = decl.underlying_typedef_type
    return names


def _role(names):
    for n in names:
        if model.ANY_ROLE.match(n):
            return n
    return None


def parse(entry, with_sites=True):
    """entry: a layout file record. Returns {errors, warnings, sites,
    functions} for it."""
    ci = cindex()
    index = ci.Index.create()
    path = entry["abspath"]
    try:
        tu = index.parse(path, args=entry["args"],
                         options=ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
    except ci.TranslationUnitLoadError as e:
        return {"errors": ["libclang could not parse it: %s" % e], "sites": [], "functions": {}}
    errors = []
    for d in tu.diagnostics:
        if d.severity >= ci.Diagnostic.Error:
            loc = d.location
            where = "%s:%d:%d" % (loc.file.name if loc.file else "?", loc.line, loc.column)
            errors.append("%s: %s" % (where, d.spelling))
    if errors or not with_sites:
        return {"errors": errors, "sites": [], "functions": {}}

    with open(path, "rb") as f:
        data = f.read()

    # Top-level declarations, through extern "C" blocks and namespaces.
    K = ci.CursorKind
    containers = {K.LINKAGE_SPEC, K.NAMESPACE, K.UNEXPOSED_DECL}
    tops = []
    todo = [tu.cursor]
    while todo:
        for c in todo.pop().get_children():
            if c.kind in containers:
                todo.append(c)
            else:
                tops.append(c)

    # Roles: every declaration of every function, in any file of the TU.
    roles = {}
    for c in tops:
        if c.kind in (K.FUNCTION_DECL, K.CXX_METHOD):
            r = _role(role_names(c.type))
            if r:
                roles.setdefault(c.get_usr(), r)
        elif c.kind in (K.CLASS_DECL, K.STRUCT_DECL) and _in_main(c, path):
            for m in c.get_children():
                if m.kind == K.CXX_METHOD:
                    r = _role(role_names(m.type))
                    if r:
                        roles.setdefault(m.get_usr(), r)

    sites = []
    functions = {}
    func_kinds, stop_parents = _kinds()
    main = path

    def visit(cur, stack):
        # stack: ancestors, nearest last.
        for child in cur.get_children():
            if child.kind in func_kinds and child.is_definition() and _in_main(child, main):
                functions.setdefault(_func_key(child), {
                    "name": child.spelling, "role": roles.get(child.get_usr()),
                    "line": child.extent.start.line, "end_line": child.extent.end.line})
            if child.kind == K.CALL_EXPR:
                ref = child.referenced
                api = model.LOCK_APIS.get(ref.spelling if ref is not None else child.spelling)
                if api is not None:
                    s = _site(child, stack + [cur], api, data, main, roles)
                    if s is not None:
                        sites.append(s)
            visit(child, stack + [cur])

    for top in tops:
        if _in_main(top, main):
            visit_one = top
            if top.kind in func_kinds and top.is_definition():
                functions.setdefault(_func_key(top), {
                    "name": top.spelling, "role": roles.get(top.get_usr()),
                    "line": top.extent.start.line, "end_line": top.extent.end.line})
            visit(visit_one, [visit_one])
    sites.sort(key=lambda s: (s["start"], s["api"]))
    # Two AST calls in one macro invocation (a driver's LOCK_BOTH()) are one
    # site of the file's text: keep each text range once per family and op.
    uniq, seen = [], set()
    for s in sites:
        k = (s["start"], s["end"], s["family"], s["op"])
        if k in seen:
            continue
        seen.add(k)
        uniq.append(s)
    for i, s in enumerate(uniq):
        s["index"] = i
    return {"errors": [], "sites": uniq, "functions": functions}


def _in_main(c, main):
    f = c.location.file
    return f is not None and f.name == main


def _func_key(c):
    return "%s@%d" % (c.spelling, c.extent.start.line)


def _offsets(extent, main):
    s, e = extent.start, extent.end
    if s.file is None or e.file is None or s.file.name != main or e.file.name != main:
        return None
    return s.offset, e.offset


def _site(call, stack, api, data, main, roles):
    ci = cindex()
    func_kinds, stop_parents = _kinds()
    off = _offsets(call.extent, main)
    if off is None:
        return None  # the call's text is in a header (an inline helper, a macro body)
    start, end = off
    # The enclosing function and the statement that holds the call.
    func = None
    for a in reversed(stack):
        if a.kind in func_kinds:
            func = a
            break
    stmt = call
    parent = None
    chain = [call]
    for a in reversed(stack):
        if a.kind in stop_parents or a.kind in func_kinds:
            parent = a
            break
        stmt = a
        chain.append(a)
    soff = _offsets(stmt.extent, main) or off
    # Is the statement nothing but the call (through casts and parentheses)?
    plain = {ci.CursorKind.UNEXPOSED_EXPR, ci.CursorKind.PAREN_EXPR,
             ci.CursorKind.CSTYLE_CAST_EXPR, ci.CursorKind.CALL_EXPR}
    whole = all(c.kind in plain for c in chain) or soff == off
    # A condition, a for header or a return value is not a statement of its own.
    if parent is not None and parent.kind in (ci.CursorKind.IF_STMT, ci.CursorKind.WHILE_STMT,
                                              ci.CursorKind.SWITCH_STMT, ci.CursorKind.DO_STMT,
                                              ci.CursorKind.FOR_STMT):
        kids = list(parent.get_children())
        body_like = kids[1:] if parent.kind != ci.CursorKind.DO_STMT else kids[:1]
        if parent.kind == ci.CursorKind.FOR_STMT:
            body_like = kids[-1:]
        if not any(k == stmt for k in body_like):
            whole = False
            stmt_is_body = False
        else:
            stmt_is_body = True
    else:
        stmt_is_body = parent is not None and parent.kind != ci.CursorKind.COMPOUND_STMT
    if stmt.kind == ci.CursorKind.RETURN_STMT or stmt.kind == ci.CursorKind.DECL_STMT:
        whole = False
    text = data[start:end].decode("latin-1")
    spelled = re.match(r"[A-Za-z_]\w*", text)
    spelled = spelled.group(0) if spelled else api.name
    sstart, send = soff
    semi = _semicolon_after(data, send)
    fname = func.spelling if func is not None else None
    role = None
    if func is not None and func.kind != ci.CursorKind.LAMBDA_EXPR:
        role = roles.get(func.get_usr())
    line = call.extent.start.line
    col = call.extent.start.column
    return {
        "api": api.name, "spelled": spelled, "family": api.family, "op": api.op,
        "line": line, "col": col, "start": start, "end": end,
        "stmt_start": sstart, "stmt_end": semi if semi is not None else send,
        "whole_stmt": bool(whole) and semi is not None,
        "in_compound": parent is not None and parent.kind == ci.CursorKind.COMPOUND_STMT,
        "is_body": stmt_is_body,
        "function": fname if func is None or func.kind != ci.CursorKind.LAMBDA_EXPR else None,
        "function_line": func.extent.start.line if func is not None else None,
        "role": role,
        "text": text,
        "via_macro": spelled != api.name,
    }


def _semicolon_after(data, pos):
    """The offset just past the ';' that ends a statement at pos, skipping
    blanks and comments; None if the next token is not ';'."""
    i, n = pos, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in (b" ", b"\t", b"\r", b"\n"):
            i += 1
        elif data.startswith(b"//", i):
            j = data.find(b"\n", i)
            i = n if j < 0 else j
        elif data.startswith(b"/*", i):
            j = data.find(b"*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == b";":
            return i + 1
        else:
            return None
    return None
