"""The manifest: which public repositories, at which commit, which driver
folders, and the flags each driver needs. Only names and flags; no code."""

import fnmatch
import os
import re
import subprocess
import tomllib
from dataclasses import dataclass, field


class ManifestError(Exception):
    pass


@dataclass
class Repo:
    name: str           # owner/name, as GitHub spells it
    commit: str         # a full hash (or any revision, for tests)
    url: str = ""
    license: str = ""

    @property
    def key(self):
        return self.name.replace("/", "+")


@dataclass
class Driver:
    name: str
    repo: str
    dir: str                       # the driver's folder, relative to the repo root
    sources: list = field(default_factory=lambda: ["*.c", "*.cpp"])
    exclude: list = field(default_factory=list)
    include: list = field(default_factory=list)   # more -I folders (repo-relative)
    extract: list = field(default_factory=list)   # more folders to lay out
    defines: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    cflags: list = field(default_factory=list)    # C only
    cxxflags: list = field(default_factory=list)  # C++ only
    wpp: list = field(default_factory=list)       # more WPP FUNC specs
    skip: list = field(default_factory=list)      # [[glob, reason]]: not analyzed, and why
    extension: str = ""                           # class extension, for the report
    note: str = ""


@dataclass
class Toolchain:
    style: str = "mingw"          # "mingw": the notes' flags; "plain": only `flags`
    kmdf_repo: str = ""
    kmdf_path: str = ""
    kmdf_version: tuple = (1, 33)
    flags: list = field(default_factory=list)


@dataclass
class Manifest:
    path: str
    toolchain: Toolchain
    repos: dict
    drivers: list

    def driver(self, name):
        for d in self.drivers:
            if d.name == name:
                return d
        raise KeyError(name)


def _expand(value, mdir):
    return value.replace("{manifest_dir}", mdir)


def _list(tbl, key, where, mdir):
    v = tbl.get(key, [])
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ManifestError("%s: '%s' must be a list of strings" % (where, key))
    return [_expand(x, mdir) for x in v]


_DRIVER_KEYS = {"name", "repo", "dir", "sources", "exclude", "include", "extract", "defines",
                "flags", "cflags", "cxxflags", "wpp", "extension", "note", "skip"}


def load(path):
    path = os.path.abspath(path)
    mdir = os.path.dirname(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ManifestError("cannot read the manifest: %s" % e)
    except tomllib.TOMLDecodeError as e:
        raise ManifestError("%s: %s" % (path, e))

    tc = data.get("toolchain", {})
    toolchain = Toolchain(style=tc.get("style", "mingw"),
                          kmdf_repo=tc.get("kmdf_repo", ""), kmdf_path=tc.get("kmdf_path", ""),
                          kmdf_version=tuple(tc.get("kmdf_version", [1, 33])),
                          flags=_list(tc, "flags", "[toolchain]", mdir))
    if toolchain.style not in ("mingw", "plain"):
        raise ManifestError("[toolchain] style must be 'mingw' or 'plain'")
    if toolchain.style == "mingw" and not (toolchain.kmdf_repo and toolchain.kmdf_path):
        raise ManifestError("[toolchain] style 'mingw' needs kmdf_repo and kmdf_path")

    repos = {}
    for i, r in enumerate(data.get("repo", [])):
        for k in ("name", "commit"):
            if not isinstance(r.get(k), str) or not r[k]:
                raise ManifestError("[[repo]] #%d needs '%s'" % (i + 1, k))
        if not re.match(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$", r["name"]):
            raise ManifestError("[[repo]] '%s' is not owner/name" % r["name"])
        if r["name"] in repos:
            raise ManifestError("[[repo]] '%s' is listed twice" % r["name"])
        repos[r["name"]] = Repo(r["name"], r["commit"], r.get("url", ""), r.get("license", ""))
    if toolchain.style == "mingw" and toolchain.kmdf_repo not in repos:
        raise ManifestError("[toolchain] kmdf_repo '%s' is not a [[repo]]" % toolchain.kmdf_repo)

    drivers = []
    names = set()
    for i, d in enumerate(data.get("driver", [])):
        where = "[[driver]] #%d" % (i + 1)
        unknown = set(d) - _DRIVER_KEYS
        if unknown:
            raise ManifestError("%s: unknown key(s) %s" % (where, ", ".join(sorted(unknown))))
        for k in ("name", "repo", "dir"):
            if not isinstance(d.get(k), str) or not d[k]:
                raise ManifestError("%s needs '%s'" % (where, k))
        where = "[[driver]] '%s'" % d["name"]
        if not re.match(r"^[\w.-]+$", d["name"]):
            raise ManifestError("%s: a name is letters, digits, '.', '-' and '_'" % where)
        if d["name"] in names:
            raise ManifestError("%s is listed twice" % where)
        names.add(d["name"])
        if d["repo"] not in repos:
            raise ManifestError("%s: repo '%s' is not a [[repo]]" % (where, d["repo"]))
        drv = Driver(name=d["name"], repo=d["repo"], dir=d["dir"].strip("/"),
                     extension=d.get("extension", ""), note=d.get("note", ""))
        for k in ("sources", "exclude", "include", "extract", "defines", "flags", "cflags",
                  "cxxflags", "wpp"):
            if k in d:
                setattr(drv, k, _list(d, k, where, mdir))
        for item in d.get("skip", []):
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) and x
                                                                       for x in item)):
                raise ManifestError("%s: each 'skip' entry is [glob, reason]" % where)
            drv.skip.append(item)
        drivers.append(drv)
    if not drivers:
        raise ManifestError("%s names no [[driver]]" % path)
    return Manifest(path, toolchain, repos, drivers)


def repo_dir(mirror, repo):
    """The git directory of a fetched snapshot: <mirror>/<owner>+<name>/repo."""
    return os.path.join(mirror, repo.key, "repo")


def git(gitdir, *args, binary=False):
    r = subprocess.run(["git", "-C", gitdir] + list(args), capture_output=True)
    if r.returncode != 0:
        raise ManifestError("git -C %s %s: %s" % (gitdir, " ".join(args),
                                                   r.stderr.decode(errors="replace").strip()))
    return r.stdout if binary else r.stdout.decode()


def resolve(manifest, mirror):
    """Checks that every repository's snapshot and commit are there; returns
    {repo name: full commit hash}."""
    out = {}
    for name, repo in sorted(manifest.repos.items()):
        d = repo_dir(mirror, repo)
        if not os.path.isdir(d):
            raise ManifestError("no snapshot of %s at %s (fetch it first)" % (name, d))
        out[name] = git(d, "rev-parse", "--verify", "--quiet",
                        repo.commit + "^{commit}").strip()
    return out


def tree_files(gitdir, commit, folder):
    """Every path under folder at commit."""
    text = git(gitdir, "ls-tree", "-r", "--name-only", "-z", commit, "--", folder + "/")
    return [p for p in text.split("\0") if p]


def select_sources(files, driver):
    """The driver's translation units: files directly in its folder (or below,
    for globs with '/') that match `sources` and not `exclude`, ignoring case
    as Windows does."""
    out = []
    prefix = driver.dir + "/"
    for p in files:
        if not p.startswith(prefix):
            continue
        rel = p[len(prefix):]
        if not any(_glob(rel, g) for g in driver.sources):
            continue
        if any(_glob(rel, g) for g in driver.exclude):
            continue
        out.append(p)
    return sorted(out)


def _glob(rel, pattern):
    """fnmatch where a pattern without '/' matches only names in the folder."""
    if "/" in rel and "/" not in pattern:
        return False
    return fnmatch.fnmatchcase(rel.lower(), pattern.lower())


def skip_reason(path, driver):
    """The reason the manifest gives for not analyzing a source, or None."""
    rel = path[len(driver.dir) + 1:]
    for glob, reason in driver.skip:
        if _glob(rel, glob):
            return reason
    return None
