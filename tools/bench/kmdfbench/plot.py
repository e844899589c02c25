"""PNG plots of the measurements, drawn by Debian's gnuplot (gnuplot-nox)."""

import os
import shutil
import subprocess

from .measure import ToolError

SERIES_STYLE = {  # configuration -> (title, line style)
    "A": ("A: default checkers", "lc rgb '#1f77b4' pt 7"),
    "B": ("B: A + kmdf.WdfInterruptLock", "lc rgb '#d62728' pt 5"),
    "C": ("C: kmdf.WdfInterruptLock alone", "lc rgb '#2ca02c' pt 9"),
}


def terminal(height=720):
    """pngcairo when this gnuplot has it (antialiased), else png."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return None
    probe = subprocess.run([gnuplot, "-e", "set terminal pngcairo"],
                           capture_output=True, text=True, check=False)
    if probe.returncode == 0 and not probe.stderr.strip():
        return "pngcairo size 960,%d font 'sans,11'" % height
    return "png size 960,%d" % height


def _run(script_path, script):
    with open(script_path, "w", encoding="utf-8") as f:
        f.write(script)
    result = subprocess.run(["gnuplot", script_path], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise ToolError("gnuplot failed on %s:\n%s" % (script_path, result.stderr))


def _write_data(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + " ".join(header) + "\n")
        for row in rows:
            f.write(" ".join(str(v) for v in row) + "\n")


def scaling_plot(scaling, work, png):
    """Wall time against callbacks for A, B and C (log-log), and under it the
    ratios B/A and C/A."""
    term = terminal()
    if term is None:
        return False
    data = os.path.join(work, "scaling.dat")
    rows = []
    for row in scaling["rows"]:
        c = row["configs"]
        rows.append((row["callbacks"], c["A"]["wall"], c["B"]["wall"],
                     c["C"]["wall"], c["B"]["wall"] / c["A"]["wall"],
                     c["C"]["wall"] / c["A"]["wall"]))
    _write_data(data, ["callbacks", "A", "B", "C", "B/A", "C/A"], rows)
    reps = scaling["rows"][0]["configs"]["A"]["n"]
    xtics = ", ".join(str(row[0]) for row in rows)
    ratios = [r for row in rows for r in row[4:6]]
    low, high = min(ratios) - 0.05, max(1.0, max(ratios)) + 0.12
    plots = ", ".join(
        "'%s' using 1:%d with linespoints lw 2 %s title '%s'"
        % (data, col, SERIES_STYLE[c][1], SERIES_STYLE[c][0])
        for col, c in ((2, "A"), (3, "B"), (4, "C")))
    script = f"""set terminal {term}
set output '{png}'
set multiplot layout 2,1 title "clang --analyze on generated KMDF drivers (median of {reps} runs)"
set size 1,0.64
set origin 0,0.34
set logscale x 2
set logscale y 10
set grid
set key bottom right opaque box
set xlabel "callbacks in the driver"
set ylabel "wall time (s)"
set xtics ({xtics})
set xrange [{rows[0][0] / 1.3}:{rows[-1][0] * 1.3}]
plot {plots}
set size 1,0.34
set origin 0,0
unset logscale y
set ylabel "ratio to A"
set yrange [{low:.2f}:{high:.2f}]
set key top center horizontal
plot '{data}' using 1:5 with linespoints lw 2 {SERIES_STYLE['B'][1]} title 'B/A', \\
     '{data}' using 1:6 with linespoints lw 2 {SERIES_STYLE['C'][1]} title 'C/A', \\
     1 with lines lc rgb 'black' dt 2 title ''
unset multiplot
"""
    _run(os.path.join(work, "scaling.gp"), script)
    return True


def branches_plot(branches, work, png):
    """Wall time of B and C against branches per callback (log y), with the
    share of expected findings found under the default node budget."""
    term = terminal(height=580)
    if term is None:
        return False
    data = os.path.join(work, "branches.dat")
    rows = []
    for row in branches["rows"]:
        expected = row["driver"]["expected"] or 1
        rows.append((row["branches"], row["configs"]["B"]["wall"],
                     row["configs"]["C"]["wall"],
                     100.0 * row["default"]["found"] / expected))
    _write_data(data, ["branches", "B", "C", "found%"], rows)
    script = f"""set terminal {term}
set output '{png}'
set title "Branches per callback ({branches['callbacks']} callbacks, each bug on one path)"
set logscale y 10
set grid
set xlabel "if/else per callback"
set ylabel "wall time (s)"
set y2label "expected findings found (%)"
set y2range [0:105]
set y2tics
set ytics nomirror
set xrange [0:{rows[-1][0] + 1}]
set xtics 1
set boxwidth 0.5
set key below
set bmargin 7
plot '{data}' using 1:4 axes x1y2 with boxes fs solid 0.25 noborder lc rgb '#7f7f7f' title 'found, default budget (right axis)', \\
     '{data}' using 1:2 with linespoints lw 2 {SERIES_STYLE['B'][1]} title '{SERIES_STYLE['B'][0]}', \\
     '{data}' using 1:3 with linespoints lw 2 {SERIES_STYLE['C'][1]} title '{SERIES_STYLE['C'][0]}'
"""
    _run(os.path.join(work, "branches.gp"), script)
    return True
