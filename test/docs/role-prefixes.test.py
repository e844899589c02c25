"""Compares the default role-type prefixes of checker/ApiModel.cpp with the
table of docs/user-guide.md's Callbacks section; prints what differs."""
import re
import sys

model = open(sys.argv[1]).read()
table = model[model.index("DefaultRolePrefixes[]"):]
table = table[:table.index("};")]
in_model = set(re.findall(r'\{"([A-Z_0-9]+)",', table))

guide = open(sys.argv[2]).read()
section = guide[guide.index("## Callbacks"):]
section = section[:section.index("\n## ", 3)]
in_guide = set()
for row in re.findall(r"^\| (.+?) \|", section, re.M):
    in_guide.update(re.findall(r"`([A-Z_0-9]+)`", row))

missing, extra = in_model - in_guide, in_guide - in_model
for p in sorted(missing):
    print("not in the user guide:", p)
for p in sorted(extra):
    print("in the user guide but not the model:", p)
sys.exit(1 if missing or extra or not in_model else 0)
