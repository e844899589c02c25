# kmdf-check benchmark: synthetic KMDF drivers, timed clang --analyze runs and
# the report in docs/performance.md. Python 3 standard library only.
