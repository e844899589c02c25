"""make-driver.py SRC INCLUDE DST [--cxx] [--wdk] [--relative] [--command]
[--windows] [FILE[:FLAG,...]...]:
copies the driver in SRC, and the source files FILE..., to DST and writes
DST/compile_commands.json, compiling its .c files as C (or C++ with --cxx),
its .cpp files as C++, each FILE with its FLAGs added,
against INCLUDE/kmdf.h (in the WDK shape with --wdk). --relative writes
relative file names and include paths, resolved against each entry's
directory, as many build systems do. --command writes each command as one
string ("command") instead of a list ("arguments"). --windows compiles
every file for the drivers' target, x86_64-pc-windows-msvc (which has
__try)."""
import json
import os
import shlex
import shutil
import sys

src, include, dst = sys.argv[1:4]
flags = [a for a in sys.argv[4:] if a.startswith("--")]
extra = [a for a in sys.argv[4:] if not a.startswith("--")]
if os.path.exists(dst):
    shutil.rmtree(dst)
shutil.copytree(src, dst)
own_flags = {}
for item in extra:
    name, _, more = item.partition(":")
    shutil.copy(name, dst)
    own_flags[os.path.basename(name)] = more.split(",") if more else []
dst = os.path.abspath(dst)
args = ["clang"]
if "--cxx" in flags:
    args += ["-x", "c++"]
if "--wdk" in flags:
    args.append("-DKMDF_TEST_WDK_SHAPE")
if "--windows" in flags:
    args.append("--target=x86_64-pc-windows-msvc")
if "--relative" in flags:
    os.makedirs(os.path.join(dst, "inc"))
    shutil.copy(os.path.join(include, "kmdf.h"), os.path.join(dst, "inc"))
    args.append("-Iinc")
else:
    args.append("-I" + os.path.abspath(include))
entries = []
for name in sorted(os.listdir(dst)):
    if name.endswith(".c") or name.endswith(".cpp"):
        path = name if "--relative" in flags else os.path.join(dst, name)
        entry = {"directory": dst, "file": path}
        command = args + own_flags.get(name, []) + ["-c", path]
        if "--command" in flags:
            entry["command"] = shlex.join(command)
        else:
            entry["arguments"] = command
        entries.append(entry)
with open(os.path.join(dst, "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=1)
