"""Small shared helpers."""

import os
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

_lock = threading.Lock()


class HarnessError(Exception):
    """The harness could not do its job (exit status 2)."""


def log(msg):
    with _lock:
        print(msg, file=sys.stderr, flush=True)


def rel(path, base=None):
    base = base or os.getcwd()
    try:
        r = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if r.startswith("..") else r
