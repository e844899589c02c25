# The GoogleTest unit tests, run by lit so that one lit run counts them with
# the lit tests (each TEST is one lit test).
import os

import lit.formats

config.name = "kmdf-check-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = config.kmdf_unit_dir
config.test_exec_root = config.kmdf_unit_dir
for var in ("HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
