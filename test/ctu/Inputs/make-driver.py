"""make-driver.py SRC DST INCLUDE [--cxx] [--wdk] [--relative]: copies the
driver in SRC to DST and writes DST/compile_commands.json, compiling its .c
files as C (or C++ with --cxx) against INCLUDE/kmdf.h (in the WDK shape with
--wdk). --relative writes relative file names and include paths, resolved
against each entry's directory, as many build systems do."""
import json
import os
import shutil
import sys

src, dst, include = sys.argv[1:4]
flags = sys.argv[4:]
if os.path.exists(dst):
    shutil.rmtree(dst)
shutil.copytree(src, dst)
dst = os.path.abspath(dst)
args = ["clang"]
if "--cxx" in flags:
    args += ["-x", "c++"]
if "--wdk" in flags:
    args.append("-DKMDF_TEST_WDK_SHAPE")
if "--relative" in flags:
    os.makedirs(os.path.join(dst, "inc"))
    shutil.copy(os.path.join(include, "kmdf.h"), os.path.join(dst, "inc"))
    args.append("-Iinc")
else:
    args.append("-I" + os.path.abspath(include))
entries = []
for name in sorted(os.listdir(dst)):
    if name.endswith(".c"):
        path = name if "--relative" in flags else os.path.join(dst, name)
        entries.append(
            {"directory": dst, "file": path, "arguments": args + ["-c", path]}
        )
with open(os.path.join(dst, "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=1)
