"""add-command.py DB NAME ARG...: adds to the compilation database DB a
second entry for the file whose name ends in NAME, its command with ARG...
after the compiler."""
import json
import sys

db, name = sys.argv[1:3]
with open(db) as f:
    entries = json.load(f)
entry = dict(next(e for e in entries if e["file"].endswith(name)))
entry["arguments"] = entry["arguments"][:1] + sys.argv[3:] + entry["arguments"][1:]
entries.append(entry)
with open(db, "w") as f:
    json.dump(entries, f, indent=1)
