#!/usr/bin/env python3
"""report.py - turns what scripts/bench.sh measured into docs/benchmarks.md and its chart.

    python3 bench/report.py --build build/bench --raw build/bench/raw --docs docs \\
        --size-results build/cortex-m3/tests/firmware/size-results.json \\
                       build/cortex-m0/tests/firmware/size-results.json

Three steps. collect: the raw outputs (callgrind dumps, Google Benchmark JSON, the QEMU
images' semihosting output), the built images (nm) and the size tests' results, as plain
data. judge: the measurements against the benchmarks' own goals. render: the tables, filled
into the page's text, bench/benchmarks.md.in, and the chart (gnuplot).
The bounds of docs/semantics.md section 9 (RAM per entry, the minimal image's flash, the
interrupt-masked window, the stacks of the runs) are judged once, by the size test of each
firmware preset (tests/firmware/size/size_report.cmake): this script shows its figures
and verdicts and judges none of them again. Nothing is typed in. Prints the page too.
"""
import argparse
import glob
import json
import os
import platform
import re
import string
import subprocess
import sys
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "benchmarks.md.in")
HOST_CAPS = [8, 32, 256, 4096]
FW_CAPS = [8, 32, 256]
OPS = [("register", "register"), ("run", "run, per handler"), ("unregister", "unregister")]

# The benchmarks' own goal for the power-fail IRQ to the first handler, instructions
# (the lean-core issue's bounds).
BROWNOUT_GOAL = {"cortex-m3": 60, "cortex-m0": 80}
BROWNOUT_CASES = [
    ("brownout_first_newest", 1, "newest entry eligible, nothing else pending"),
    ("brownout_first_newest", 32, "newest entry eligible, 31 older pending"),
    ("brownout_first_oldest", 32, "oldest entry eligible, 31 newer graceful ones above"),
]

# The size test's rows (their "what", as size_report.cmake writes them) that this page shows.
SIZE_MASKED = "interrupts masked at a time, instructions"
SIZE_STACK_RUN = "stack of a run (coda_run_budget), bytes"
SIZE_BOUNDS = [
    "RAM per entry, bytes",
    "flash: minimal image (coda_register + exit), bytes",
    SIZE_MASKED,
    SIZE_STACK_RUN,
    "stack of the exit run (__wrap_exit), bytes",
    "stack of the reset run (coda_reset), bytes",
    "stack of the brownout run (coda_brownout), bytes",
]

Goal = namedtuple("Goal", "text measured met")


def board_of(cpu):
    """The QEMU board of cpu (a Cortex-M one: also its qemu -M), from cmake/boards.txt (the one table)."""
    with open(os.path.join(HERE, "..", "cmake", "boards.txt")) as rows:
        for row in rows:
            fields = row.split()
            if fields and fields[0] == cpu:
                return fields[1]
    raise SystemExit(f"report.py: no board for {cpu} in cmake/boards.txt")


FW_CPUS = ["cortex-m3", "cortex-m0"]
BOARD = {cpu: board_of(cpu) for cpu in FW_CPUS}


def sh(*cmd):
    try:
        return subprocess.run(cmd, check=False, capture_output=True, text=True).stdout
    except OSError:
        return ""


def first_line(text):
    return text.strip().splitlines()[0] if text.strip() else "unknown"


# ================================================================ collect
def read_callgrind(directory):
    """name -> instructions, one entry per CALLGRIND_DUMP_STATS_AT."""
    counts = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.*.*"))):
        name = total = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("desc: Trigger: Client Request: "):
                    name = line[len("desc: Trigger: Client Request: "):].strip()
                elif line.startswith("summary:") or line.startswith("totals:"):
                    total = int(line.split()[1])
                    break
        if name is not None and total is not None:
            if name in counts:
                sys.exit(f"report.py: callgrind dump {name} appears twice in {directory}")
            counts[name] = total
    return counts


def host_figures(c, n):
    """Instructions per operation at capacity n: the loop's own cost or the empty run subtracted."""
    loop = c[f"loop_{n}"]
    return {
        "coda_register": (c[f"coda_register_{n}"] - loop) / n,
        "naive_register": (c[f"naive_register_{n}"] - loop) / n,
        "glibc_register": (c[f"glibc_register_{n}"] - loop) / n,
        "glibc_cxa_register": (c[f"glibc_cxa_register_{n}"] - loop) / n,
        "coda_run": (c[f"coda_run_{n}"] - c[f"coda_run_empty_{n}"]) / n,
        "naive_run": (c[f"naive_run_{n}"] - c[f"naive_run_empty_{n}"]) / n,
        "glibc_run": (c[f"glibc_run_{n}"] - c["glibc_run_0"]) / n,
        "coda_unregister": (c[f"coda_unregister_{n}"] - loop) / n,
        "naive_unregister": (c[f"naive_unregister_{n}"] - loop) / n,
        "coda_register_compacting": (c[f"coda_register_compacting_{n // 2}"] - loop / 2) / (n // 2),
    }


def collect_host_instructions(raw):
    """callgrind's two runs: instructions per operation at each capacity, the loop's cost, whether they agree."""
    runs = [read_callgrind(os.path.join(raw, f"callgrind-{r}")) for r in (1, 2)]
    return {
        "per_op": {n: host_figures(runs[0], n) for n in HOST_CAPS},
        "loop": runs[0]["loop_8"] / 8,
        "identical": runs[0] == runs[1],
    }


def collect_timing(path):
    """Google Benchmark's medians, nanoseconds per operation."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    medians = {b["run_name"]: b["real_time"] for b in data["benchmarks"] if b.get("aggregate_name") == "median"}

    def median(prefix):
        for name, ns in medians.items():
            if name == prefix or name.startswith(prefix + "/"):
                return ns
        sys.exit(f"report.py: no Google Benchmark median for {prefix}")

    def threads(prefix, t):
        return next((ns for name, ns in medians.items() if name.startswith(prefix) and name.endswith(f"threads:{t}")),
                    None)
    per_op = {}
    for n in HOST_CAPS:
        # Each iteration times 4096 operations.
        per_op[n] = {f"{who}_{op}": median(f"{who}_{op}/{n}") / 4096
                     for who in ("coda", "naive") for op, _ in OPS}
    return {
        "per_op": per_op,
        "glibc_register": median("glibc_atexit"),
        "threads": {t: {"coda": threads("coda_concurrent/256", t),
                        "coda_no_clear": threads("coda_concurrent_no_clear/65535", t),
                        "naive_mutex": threads("naive_mutex_concurrent/256", t),
                        "glibc": threads("glibc_atexit_concurrent", t)} for t in (1, 2)},
        "clear_per_entry": median("coda_clear/256") / 256,
        "repetitions": next((b["repetitions"] for b in data["benchmarks"] if "repetitions" in b), "?"),
        "load_avg": data["context"].get("load_avg", []),
    }


def read_firmware(path):
    """The lines of a cycles image's output: ('R', what, cap) -> (instructions, ops),
    ('S', what) -> bytes, ('C',) -> calibration; and the whole text."""
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if "END" not in text:
        sys.exit(f"report.py: {path} did not finish:\n{text}")
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "R":
            out[("R", parts[1], int(parts[2]))] = (int(parts[3]), int(parts[4]))
        elif parts[0] == "S":
            out[("S", parts[1])] = int(parts[2])
        elif parts[0] == "C":
            out[("C",)] = int(parts[2])
    return out, text


def collect_firmware(raw, cpu):
    """ops: (what, capacity) -> (instructions per operation, operations); stack: what -> bytes."""
    first, text1 = read_firmware(os.path.join(raw, f"{cpu}-cycles-1.txt"))
    _, text2 = read_firmware(os.path.join(raw, f"{cpu}-cycles-2.txt"))
    ops, stack = {}, {}
    for key, value in first.items():
        if key[0] == "R":
            total, count = value
            ops[(key[1], key[2])] = (total / count if count else None, count)
        elif key[0] == "S":
            stack[key[1]] = value
    return {
        "ops": ops,
        "stack": stack,
        "ticks_per_instruction": first[("C",)] / 10000,
        "identical": text1 == text2,
    }


def fw_op(firmware, cpu, what, n):
    """(instructions per operation, operations) of one firmware figure, (None, 0) if absent."""
    return firmware[cpu]["ops"].get((what, n), (None, 0))


def read_capacity(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        m = re.search(r"P atexit_capacity (\d+)", f.read())
    return int(m.group(1)) if m else None


def nm_sizes(elf, nm="arm-none-eabi-nm"):
    """name -> (size, type) for sized symbols."""
    sizes = {}
    for line in sh(nm, "-S", "--defined-only", elf).splitlines():
        m = re.match(r"^[0-9a-f]+ ([0-9a-f]+) (\w) (.+)$", line)
        if m:
            sizes[m.group(3)] = (int(m.group(1), 16), m.group(2))
    return sizes


def registry_member(symbols, kind, n):
    """Size of coda_ops<n>'s static registry (kind 7storage) or naive array (7entries)."""
    for name, (size, _) in symbols.items():
        if f"coda_opsILj{n}EEEvvE" in name and name.endswith(kind):
            return size
    return None


def collect_ram(build, raw, cpu):
    """Bytes per entry: coda's and the naive array's slope from 8 to 32 entries (alignment
    pads small tables), the C libraries' static table and the registrations it accepts."""
    fwdir = os.path.join(build, cpu, "firmware")
    cycles = nm_sizes(os.path.join(fwdir, "bench_cycles.elf"))
    s8, s32 = registry_member(cycles, "7storage", 8), registry_member(cycles, "7storage", 32)
    e8, e32 = registry_member(cycles, "7entries", 8), registry_member(cycles, "7entries", 32)
    coda_entry = (s32 - s8) / 24 if s8 and s32 else None
    cap_newlib = read_capacity(os.path.join(raw, f"{cpu}-capacity-newlib.txt"))
    cap_picolibc = read_capacity(os.path.join(raw, f"{cpu}-capacity-picolibc.txt"))
    newlib = nm_sizes(os.path.join(fwdir, "bench_size_newlib.elf"))
    picolibc = nm_sizes(os.path.join(fwdir, "bench_size_picolibc.elf")) if cap_picolibc else {}
    return {
        "coda_entry": coda_entry,
        "coda_fixed": s32 - 32 * coda_entry if coda_entry else None,
        "naive_entry": (e32 - e8) / 24 if e8 and e32 else None,
        "newlib_table": newlib.get("_global_atexit0", (0, ""))[0],
        "newlib_capacity": cap_newlib,
        "picolibc_table": picolibc.get("on_exits", (0, ""))[0],
        "picolibc_capacity": cap_picolibc,
    }


NEWLIB_EXIT_PATH = ["atexit", "__register_exitproc", "__call_exitprocs", "exit"]
PICOLIBC_EXIT_PATH = ["atexit", "_on_exit", "__call_exitprocs", "exit", "__libc_fini_array",
                      "__retarget_lock_acquire_recursive", "__retarget_lock_release_recursive"]


def collect_flash(build, cpu):
    """Bytes of the exit path in the one-registration-and-exit images: coda's functions
    (those of libcoda.a, as the size test counts them) and the C libraries' named ones."""
    fwdir = os.path.join(build, cpu, "firmware")
    coda = nm_sizes(os.path.join(fwdir, "bench_size_coda.elf"))
    libcoda = nm_sizes(os.path.join(build, cpu, "coda", "libcoda.a"))
    coda_funcs = [n for n, (_, t) in coda.items() if t in "tTW" and n in libcoda and libcoda[n][1] in "tTW"]
    newlib = nm_sizes(os.path.join(fwdir, "bench_size_newlib.elf"))
    picolibc_elf = os.path.join(fwdir, "bench_size_picolibc.elf")
    picolibc = nm_sizes(picolibc_elf) if os.path.exists(picolibc_elf) else {}
    return {
        "coda": sum(coda[n][0] for n in coda_funcs),
        "coda_functions": len(coda_funcs),
        "newlib": sum(newlib.get(n, (0, ""))[0] for n in NEWLIB_EXIT_PATH),
        "picolibc": sum(picolibc.get(n, (0, ""))[0] for n in PICOLIBC_EXIT_PATH) if picolibc else None,
    }


def collect_size_results(paths):
    """cpu -> {"passed": bool, "rows": {what: row}, "path": file}, from the size tests' size-results.json;
    a missing CPU or row stops the report rather than leave a bound out."""
    results = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        results[data["target"]] = {"passed": data["passed"], "rows": {r["what"]: r for r in data["rows"]},
                                   "path": path}
    for cpu in FW_CPUS:
        if cpu not in results:
            sys.exit(f"report.py: no size test results for {cpu} (give its size-results.json)")
        for what in SIZE_BOUNDS:
            if what not in results[cpu]["rows"]:
                sys.exit(f"report.py: {results[cpu]['path']} has no row '{what}'")
    return results


def dpkg_version(pkg):
    return sh("dpkg-query", "-W", "-f=${Version}", pkg).strip() or "not installed"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def collect_tools():
    return [
        ("machine", f"{cpu_model()}, {os.cpu_count()} CPUs, "
                    f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("glibc", " ".join(platform.libc_ver())),
        ("host compiler", first_line(sh("g++", "--version"))),
        ("arm compiler", first_line(sh("arm-none-eabi-gcc", "--version"))),
        ("newlib (newlib-nano)", dpkg_version("libnewlib-arm-none-eabi")),
        ("picolibc", dpkg_version("picolibc-arm-none-eabi")),
        ("valgrind", first_line(sh("valgrind", "--version"))),
        ("Google Benchmark",
         dpkg_version("libbenchmark-dev") + " (Debian's build, which reports itself as a debug build)"),
        ("QEMU", first_line(sh("qemu-system-arm", "--version"))),
        ("CMake", first_line(sh("cmake", "--version"))),
        ("gnuplot", first_line(sh("gnuplot", "--version"))),
    ]


def collect(args):
    """Everything the page shows, as plain data."""
    return {
        "host": collect_host_instructions(args.raw),
        "timing": collect_timing(os.path.join(args.raw, "timing.json")),
        "firmware": {cpu: collect_firmware(args.raw, cpu) for cpu in FW_CPUS},
        "ram": {cpu: collect_ram(args.build, args.raw, cpu) for cpu in FW_CPUS},
        "flash": {cpu: collect_flash(args.build, cpu) for cpu in FW_CPUS},
        "sizes": collect_size_results(args.size_results),
        "tools": collect_tools(),
    }


# ================================================================ judge
def judge_host(host):
    goals = {}
    for n in HOST_CAPS:
        h = host["per_op"][n]
        goals[("host_register", n)] = Goal(
            f"host, capacity {n}: registration <= 1/2 of glibc's instructions",
            versus(h["coda_register"], h["glibc_register"]), h["coda_register"] <= h["glibc_register"] / 2)
    for n in HOST_CAPS:
        h = host["per_op"][n]
        goals[("host_run", n)] = Goal(
            f"host, capacity {n}: per-handler run <= glibc's instructions",
            versus(h["coda_run"], h["glibc_run"]), h["coda_run"] <= h["glibc_run"])
    return goals


def judge_cortex_m3(firmware):
    """Against newlib-nano where its table held all n entries."""
    goals = {}
    for n in FW_CAPS:
        for op, text in (("register", "registration"), ("run", "per-handler run")):
            coda, _ = fw_op(firmware, "cortex-m3", f"coda_{op}", n)
            newlib, count = fw_op(firmware, "cortex-m3", f"newlib_{op}", n)
            if count == n:
                goals[(f"m3_{op}", n)] = Goal(f"cortex-m3, capacity {n}: {text} <= 2x newlib-nano's instructions",
                                              versus(coda, newlib), coda <= 2 * newlib)
    return goals


def judge_brownout(firmware):
    goals = {}
    for cpu in FW_CPUS:
        for what, n, label in BROWNOUT_CASES:
            if "newest" in what:  # the goal is the newest entry's latency
                v, _ = fw_op(firmware, cpu, what, n)
                goals[("brownout", cpu, n)] = Goal(
                    f"{cpu}: brownout IRQ to first handler <= {BROWNOUT_GOAL[cpu]} instructions ({label})",
                    fmt(v), v is not None and v <= BROWNOUT_GOAL[cpu])
    return goals


def judge_threads(timing):
    coda, glibc = timing["threads"][2]["coda_no_clear"], timing["threads"][2]["glibc"]
    if coda is None or glibc is None:
        return {}
    return {("threads",): Goal("host, two threads: registration <= 2x glibc's nanoseconds (no clear inside; noisy)",
                               versus(coda, glibc, 2), coda <= 2 * glibc)}


def judge_growth(m):
    """(figure, who, at 8, at the largest, growth): flat when within 1.25x."""
    rows = []
    for op, _ in OPS:
        for who in ("coda", "naive", "glibc"):
            lo, hi = m["host"]["per_op"][8].get(f"{who}_{op}"), m["host"]["per_op"][4096].get(f"{who}_{op}")
            if lo is not None:
                rows.append((f"host {op}", who, lo, hi, growth(lo, hi)))
        for who in ("coda", "naive"):
            lo, _ = fw_op(m["firmware"], "cortex-m3", f"{who}_{op}", 8)
            hi, _ = fw_op(m["firmware"], "cortex-m3", f"{who}_{op}", 256)
            rows.append((f"cortex-m3 {op}", who, lo, hi, growth(lo, hi)))
    return rows


def growth(lo, hi):
    if lo is None or hi is None or lo == 0:
        return "n/a"
    g = hi / lo
    return f"{g:.2f}x ({'flat' if g <= 1.25 else 'grows'})"


def judge(m):
    """The benchmarks' own goals, in the page's order (the issue's first), and the growth."""
    goals = {}
    goals.update(judge_host(m["host"]))
    goals.update(judge_cortex_m3(m["firmware"]))
    goals.update(judge_brownout(m["firmware"]))
    goals.update(judge_threads(m["timing"]))
    return {"goals": goals, "growth": judge_growth(m)}


# ================================================================ render
def fmt(x, digits=1):
    if x is None:
        return "n/a"
    if isinstance(x, str):
        return x
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x))}"
    return f"{x:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str) or b == 0:
        return "n/a"
    return f"{a / b:.2f}"


def versus(coda, peer, digits=1):
    return f"{fmt(coda, digits)} vs {fmt(peer, digits)} ({ratio(coda, peer)})"


def yes_no(flag):
    return f"**{'yes' if flag else 'NO'}**"


def verdict(goal):
    return "met" if goal.met else "**MISSED**"


def size_verdict(row):
    """The size test's verdict in this page's words: ok is met; OVER a miss, held at its ratchet."""
    if row["verdict"] == "ok":
        return "met"
    if row["verdict"].startswith("OVER"):
        return "**MISSED**" + row["verdict"][len("OVER"):]
    return f"**{row['verdict']}**"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def goals_table(goals):
    return table(["goal", "measured (coda vs peer)", "verdict"],
                 [[g.text, g.measured, verdict(g)] for g in goals.values()])


def size_bounds_table(sizes):
    rows = []
    for cpu in FW_CPUS:
        for what in SIZE_BOUNDS:
            row = sizes[cpu]["rows"][what]
            rows.append([f"{cpu} (`firmware.size.{BOARD[cpu]}`)", what, row["value"], row["bound"], size_verdict(row)])
    return table(["CPU (size test)", "what", "measured", "bound", "verdict"], rows)


def size_test_failures(sizes):
    failed = [f"`firmware.size.{BOARD[cpu]}`" for cpu in FW_CPUS if not sizes[cpu]["passed"]]
    return f"\nThe size test failed: {', '.join(failed)}.\n" if failed else ""


def host_instructions_table(host):
    rows = []
    for op, label in OPS:
        for n in HOST_CAPS:
            h = host["per_op"][n]
            coda, naive = h[f"coda_{op}"], h[f"naive_{op}"]
            glibc = h.get(f"glibc_{op}", "no removal")
            rows.append([label, n, fmt(coda), fmt(naive), ratio(coda, naive), fmt(glibc), ratio(coda, glibc)])
    for n in HOST_CAPS:
        h = host["per_op"][n]
        rows.append(["register, glibc `__cxa_atexit(fn, arg, __dso_handle)`", n, fmt(h["coda_register"]), "", "",
                     fmt(h["glibc_cxa_register"]), ratio(h["coda_register"], h["glibc_cxa_register"])])
    for n in HOST_CAPS:
        rows.append(["register after removing every other entry (compaction)", n,
                     fmt(host["per_op"][n]["coda_register_compacting"]), "", "", "", ""])
    return table(["operation", "capacity", "coda", "naive array", "coda/naive", "glibc atexit", "coda/glibc"], rows)


def host_timing_table(timing):
    glibc_cells = {"register": timing["glibc_register"], "run": "at exit only", "unregister": "no removal"}
    rows = []
    for op, label in OPS:
        for n in HOST_CAPS:
            d = timing["per_op"][n]
            coda, naive, glibc = d[f"coda_{op}"], d[f"naive_{op}"], glibc_cells[op]
            rows.append([label, n, fmt(coda, 2), fmt(naive, 2), ratio(coda, naive), fmt(glibc, 2), ratio(coda, glibc)])
    return table(["operation", "capacity", "coda ns", "naive array ns", "coda/naive", "glibc atexit ns",
                  "coda/glibc"], rows)


def threads_table(timing):
    rows = []
    for t, d in timing["threads"].items():
        rows.append([t, fmt(d["coda"], 2), fmt(d["coda_no_clear"], 2), fmt(d["naive_mutex"], 2),
                     ratio(d["coda"], d["naive_mutex"]), fmt(d["glibc"], 2), ratio(d["coda"], d["glibc"]),
                     ratio(d["coda_no_clear"], d["glibc"])])
    return table(["threads", "coda ns", "coda, no clear ns", "naive array + mutex ns", "coda/naive",
                  "glibc atexit ns", "coda/glibc", "coda no clear/glibc"], rows)


def newlib_cell(value, count, n, op):
    """newlib-nano's figure, with how many entries its 32-entry table took when fewer than n."""
    cell = fmt(value)
    if isinstance(value, str) or count == n:
        return cell
    return cell + (f" (only {count} fit)" if op == "register" else f" ({count} entries)")


def firmware_table(firmware, cpu):
    rows = []
    for op, label in OPS:
        for n in FW_CAPS:
            coda, _ = fw_op(firmware, cpu, f"coda_{op}", n)
            naive, _ = fw_op(firmware, cpu, f"naive_{op}", n)
            newlib, count = ("no removal", 0) if op == "unregister" else fw_op(firmware, cpu, f"newlib_{op}", n)
            rows.append([label, n, fmt(coda), fmt(naive), ratio(coda, naive), newlib_cell(newlib, count, n, op),
                         ratio(coda, newlib)])
    return table(["operation", "capacity", "coda", "naive array", "coda/naive", "newlib-nano atexit",
                  "coda/newlib"], rows)


def firmware_tables(firmware):
    return "\n\n".join(f"### {cpu} ({BOARD[cpu]})\n\n{firmware_table(firmware, cpu)}" for cpu in FW_CPUS)


def brownout_table(firmware, goals):
    rows = []
    for cpu in FW_CPUS:
        for what, n, label in BROWNOUT_CASES:
            v, _ = fw_op(firmware, cpu, what, n)
            core, _ = fw_op(firmware, cpu, what.replace("brownout_", "core_"), n)
            goal = goals.get(("brownout", cpu, n)) if "newest" in what else None
            rows.append([cpu, label, fmt(v), fmt(core), f"<= {BROWNOUT_GOAL[cpu]}" if goal else "",
                         verdict(goal) if goal else ""])
    return table(["CPU", "case", "IRQ entry to first handler", "core alone: coda_run to first handler", "goal", ""],
                 rows)


def masked_table(sizes):
    rows = []
    for cpu in FW_CPUS:
        row = sizes[cpu]["rows"][SIZE_MASKED]
        rows.append([cpu, row["value"], row["bound"], size_verdict(row)])
    return table(["CPU", "instructions masked", "bound", "verdict (size test)"], rows)


def per_entry(table_bytes, capacity):
    return table_bytes / capacity if capacity else None


def libc_entry_cell(table_bytes, capacity):
    """A C library's bytes per entry, with the table and the entries it was divided by."""
    if not capacity:
        return "n/a"
    return f"{fmt(per_entry(table_bytes, capacity), 2)} ({table_bytes} B / {capacity})"


def ram_table(ram):
    rows = []
    for cpu in FW_CPUS:
        r = ram[cpu]
        newlib = per_entry(r["newlib_table"], r["newlib_capacity"])
        picolibc = per_entry(r["picolibc_table"], r["picolibc_capacity"])
        rows.append([cpu, fmt(r["coda_entry"], 2), fmt(r["coda_fixed"]), fmt(r["naive_entry"], 2),
                     ratio(r["coda_entry"], r["naive_entry"]),
                     libc_entry_cell(r["newlib_table"], r["newlib_capacity"]), ratio(r["coda_entry"], newlib),
                     libc_entry_cell(r["picolibc_table"], r["picolibc_capacity"]), ratio(r["coda_entry"], picolibc)])
    return table(["CPU", "coda B/entry", "coda fixed B", "naive B/entry", "coda/naive", "newlib-nano B/entry",
                  "coda/newlib", "picolibc B/entry", "coda/picolibc"], rows)


def flash_table(flash):
    rows = []
    for cpu in FW_CPUS:
        f = flash[cpu]
        rows.append([cpu, f"{f['coda']} ({f['coda_functions']} functions)", f["newlib"], ratio(f["coda"], f["newlib"]),
                     fmt(f["picolibc"]), ratio(f["coda"], f["picolibc"])])
    return table(["CPU", "coda", "newlib-nano", "coda/newlib", "picolibc", "coda/picolibc"], rows)


def stack_table(firmware, sizes):
    rows = []
    for cpu in FW_CPUS:
        painted = firmware[cpu]["stack"]
        coda, naive, newlib = painted.get("coda_run"), painted.get("naive_run"), painted.get("newlib_run")
        static = sizes[cpu]["rows"][SIZE_STACK_RUN]
        rows.append([cpu, fmt(coda), fmt(naive), ratio(coda, naive), fmt(newlib), ratio(coda, newlib),
                     static["value"], static["bound"], size_verdict(static)])
    return table(["CPU", "coda_run, painted", "naive array", "coda/naive", "newlib-nano", "coda/newlib",
                  "size test: coda_run_budget, static", "bound", "verdict (size test)"], rows)


def growth_table(growth_rows):
    return table(["figure", "who", "at 8", "at the largest", "growth"],
                 [[figure, who, fmt(lo), fmt(hi), g] for figure, who, lo, hi, g in growth_rows])


def tools_table(tools):
    return table(["", ""], tools)


def render(m, judged):
    """The page: bench/benchmarks.md.in with its placeholders filled."""
    host, timing, firmware, sizes = m["host"], m["timing"], m["firmware"], m["sizes"]
    with open(TEMPLATE, encoding="utf-8") as f:
        template = string.Template(f.read())
    return template.substitute(
        goals_table=goals_table(judged["goals"]),
        size_bounds_table=size_bounds_table(sizes),
        size_test_failures=size_test_failures(sizes),
        tools_table=tools_table(m["tools"]),
        loop_cost=fmt(host["loop"]),
        callgrind_identical=yes_no(host["identical"]),
        host_instructions_table=host_instructions_table(host),
        repetitions=timing["repetitions"],
        load_average=", ".join(f"{x:.2f}" for x in timing["load_avg"]),
        host_timing_table=host_timing_table(timing),
        threads_table=threads_table(timing),
        clear_ns=fmt(timing["clear_per_entry"], 2),
        ticks_per_instruction=", ".join(
            f"{cpu} {firmware[cpu]['ticks_per_instruction']:.4f} ticks per instruction" for cpu in FW_CPUS),
        firmware_identical=", ".join(f"{cpu} {yes_no(firmware[cpu]['identical'])}" for cpu in FW_CPUS),
        firmware_tables=firmware_tables(firmware),
        brownout_table=brownout_table(firmware, judged["goals"]),
        masked_table=masked_table(sizes),
        ram_table=ram_table(m["ram"]),
        flash_table=flash_table(m["flash"]),
        stack_table=stack_table(firmware, sizes),
        growth_table=growth_table(judged["growth"]),
    )


GNUPLOT = string.Template("""
set terminal pngcairo size 1200,520 font ",10"
set output '$png'
set multiplot layout 1,2 title "coda: instructions per operation against capacity (log-log)"
set logscale xy
set grid
set key top left font ",8"
set xlabel "capacity"
set ylabel "instructions per operation"
set title "host x86-64 (callgrind)"
set xrange [5:6500]
plot '$host' u 1:2 w lp lw 2 t 'coda register', '' u 1:3 w lp lw 2 t 'coda run/handler', \\
     '' u 1:4 w lp lw 2 t 'coda unregister', '' u 1:5 w lp dt 2 t 'naive register', '' u 1:6 w lp dt 2 t 'naive run/handler', \\
     '' u 1:7 w lp dt 2 t 'naive unregister', '' u 1:8 w lp dt 3 t 'glibc atexit', '' u 1:9 w lp dt 3 t 'glibc run/handler'
set title "Cortex-M3, $board (QEMU -icount)"
set xrange [5:400]
plot '$m3' u 1:2 w lp lw 2 t 'coda register', '' u 1:3 w lp lw 2 t 'coda run/handler', \\
     '' u 1:4 w lp lw 2 t 'coda unregister', '' u 1:5 w lp dt 2 t 'naive register', '' u 1:6 w lp dt 2 t 'naive run/handler', \\
     '' u 1:7 w lp dt 2 t 'naive unregister', '' u 1:8 w lp dt 3 t 'newlib-nano atexit', '' u 1:9 w lp dt 3 t 'newlib-nano run/handler'
unset multiplot
""")
HOST_SERIES = ["coda_register", "coda_run", "coda_unregister", "naive_register", "naive_run", "naive_unregister",
               "glibc_register", "glibc_run"]
M3_SERIES = ["coda_register", "coda_run", "coda_unregister", "naive_register", "naive_run", "naive_unregister",
             "newlib_register", "newlib_run"]


def write_series(path, series, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# capacity " + " ".join(series) + "\n")
        for row in rows:
            f.write(" ".join(str(x) for x in row) + "\n")


def m3_point(firmware, key, n):
    """A Cortex-M3 figure for the chart; newlib-nano's only where its table held all n."""
    v, count = fw_op(firmware, "cortex-m3", key, n)
    return v if v is not None and (not key.startswith("newlib") or count == n) else "NaN"


def render_chart(m, raw, png):
    """The growth chart: the data and the gnuplot script go to raw/, the PNG to png."""
    host_dat, m3_dat = os.path.join(raw, "growth-host.dat"), os.path.join(raw, "growth-m3.dat")
    write_series(host_dat, HOST_SERIES,
                 [[n] + [m["host"]["per_op"][n][key] for key in HOST_SERIES] for n in HOST_CAPS])
    write_series(m3_dat, M3_SERIES,
                 [[n] + [m3_point(m["firmware"], key, n) for key in M3_SERIES] for n in FW_CAPS])
    script = os.path.join(raw, "growth.gp")
    with open(script, "w", encoding="utf-8") as f:
        f.write(GNUPLOT.substitute(png=png, host=host_dat, m3=m3_dat, board=BOARD["cortex-m3"]))
    done = subprocess.run(["gnuplot", script], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"report.py: gnuplot failed:\n{done.stderr}")


# ================================================================ main
def parse_args():
    ap = argparse.ArgumentParser(description="docs/benchmarks.md from scripts/bench.sh's measurements")
    ap.add_argument("--build", required=True, help="the bench build tree (build/bench)")
    ap.add_argument("--raw", required=True, help="the raw outputs (build/bench/raw)")
    ap.add_argument("--docs", required=True, help="where benchmarks.md and its chart go")
    ap.add_argument("--size-results", required=True, nargs="+", metavar="JSON",
                    help="the size tests' size-results.json of the cortex-m3 and cortex-m0 presets")
    return ap.parse_args()


def main():
    args = parse_args()
    measured = collect(args)
    page = render(measured, judge(measured))
    os.makedirs(args.docs, exist_ok=True)
    png = os.path.join(args.docs, "benchmarks-growth.png")
    render_chart(measured, args.raw, png)
    with open(os.path.join(args.docs, "benchmarks.md"), "w", encoding="utf-8") as f:
        f.write(page)
    print(page)
    print(f"wrote {os.path.join(args.docs, 'benchmarks.md')} and {png}")
    if not measured["host"]["identical"] or not all(measured["firmware"][cpu]["identical"] for cpu in FW_CPUS):
        print("report.py: WARNING: instruction counts differed between the two runs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
