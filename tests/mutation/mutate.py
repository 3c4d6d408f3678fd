#!/usr/bin/env python3
"""Mutation testing of src/table.cpp (the slot protocol).

Copies the repository to a scratch directory (never touches the original), configures a
host Debug build there once, then for each mutant: writes the mutated src/table.cpp into
the COPY, rebuilds coda_unit_tests and runs it (with a timeout: a mutant that loops is
killed by the timeout). Reports killed / survived per mutant and which tests killed it.

    tests/mutation/mutate.py                     # all mutants, copy of the working tree
    tests/mutation/mutate.py --source head       # copy of `git archive HEAD` instead
    tests/mutation/mutate.py --only take_store,publish_first
    tests/mutation/mutate.py --list
    tests/mutation/mutate.py --keep --workdir /tmp/coda-mutation

A mutation is an exact text replacement; one whose text is no longer in table.cpp is
reported as `stale` (the code moved on: update the list) and counts as neither.
Tests that already fail on the unmutated copy are excluded from every mutant's run
(and listed), so a red baseline does not turn every mutant into a false kill.
Exit status: 0 when every applicable mutant was killed, 1 when some survived, 2 on a
setup error (baseline build failed, ...).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TABLE = os.path.join("src", "table.cpp")

# (name, what it breaks, old text, new text[, which occurrence (0-based) when not unique])
MUTANTS = [
    # --- claims -------------------------------------------------------------------
    ("take_store", "claim by plain store instead of compare-exchange (dropped claim)",
     "return cas(t.meta[p], seen, make_meta(slot::claimed, triggers_of(seen)));",
     "t.meta[p].store(make_meta(slot::claimed, triggers_of(seen))); return true;"),
    ("take_always_fails", "claim never succeeds",
     "return cas(t.meta[p], seen, make_meta(slot::claimed, triggers_of(seen)));",
     "(void)p; (void)seen; return false && t.capacity;"),
    ("run_no_dead_store", "run: claimed slot never becomes dead (hole never recyclable)",
     "                t.meta[p].store(make_meta(slot::dead, 0));  // freed before the call",
     "                // dropped: freed before the call"),
    ("run_trigger_test_flipped", "run: eligibility test inverted",
     "while ((triggers_of(seen) & trigger) != 0 && is_live(t, p, seen)) {",
     "while ((triggers_of(seen) & trigger) == 0 && is_live(t, p, seen)) {"),
    ("run_scan_skips_top", "run: scan starts at top-2 (off by one: misses the newest)",
     "    for (Index p = t.ctl.top.load(); !found && p-- > 0;) {",
     "    for (Index p = t.ctl.top.load() > 0 ? static_cast<Index>(t.ctl.top.load() - 1) : Index{0}; !found && p-- > 0;) {"),
    ("run_scan_skips_bottom", "run: scan stops above position 0 (off by one: misses the oldest)",
     "    for (Index p = t.ctl.top.load(); !found && p-- > 0;) {",
     "    for (Index p = t.ctl.top.load(); !found && p-- > 1;) {"),
    ("budget_asked_with_nothing_left", "run: budget asked although no eligible entry is left",
     "if (budget == nullptr || count_live(t, trigger, true) == 0 || budget(ctx) != 0) return true;",
     "if (budget == nullptr || budget(ctx) != 0) return true;"),
    ("budget_result_ignored", "run: budget's 0 ignored",
     "if (budget == nullptr || count_live(t, trigger, true) == 0 || budget(ctx) != 0) return true;",
     "if (budget == nullptr || count_live(t, trigger, true) == 0 || budget(ctx) != 0 || true) return true;"),
    ("run_complete_flipped", "run: report.complete 0 at a complete run",
     "coda_report local = {trigger, 0, 0, 0, 1};", "coda_report local = {trigger, 0, 0, 0, 0};"),
    ("skipped_off_by_one", "count_live: misses position 0 (skipped count)",
     "    for (unsigned p = t.ctl.top.load(); p-- > 0;) {\n        const std::uint8_t seen = t.meta[p].load();\n        if ((triggers_of(seen) & trigger) != 0 && is_live(t, p, seen)) {",
     "    for (unsigned p = t.ctl.top.load(); p-- > 1;) {\n        const std::uint8_t seen = t.meta[p].load();\n        if ((triggers_of(seen) & trigger) != 0 && is_live(t, p, seen)) {"),
    ("one_trigger_any_bits", "is_one_trigger accepts several bits",
     "&& (trigger & (trigger - 1)) == 0;", ";"),
    # --- registration -------------------------------------------------------------
    ("publish_first", "add: state published before fn/arg are written",
     "        t.fn[top] = fn;\n        t.arg[top] = arg;\n        const std::uint8_t published = make_meta(slot::pending, triggers);\n        t.meta[top].store(published);",
     "        const std::uint8_t published = make_meta(slot::pending, triggers);\n        t.meta[top].store(published);\n        t.fn[top] = fn;\n        t.arg[top] = arg;"),
    ("add_top_plain_store", "add: top reserved by load+store, not compare-exchange",
     "if (!cas(t.ctl.top, top, static_cast<Index>(top + 1))) continue;",
     "t.ctl.top.store(static_cast<Index>(top + 1));"),
    ("add_full_off_by_one_low", "add: full one slot early (top + 1 >= capacity)",
     "if (top >= t.capacity) {", "if (top + 1 >= t.capacity) {"),
    ("add_full_off_by_one_high", "add: writes at top == capacity (> instead of >=)",
     "if (top >= t.capacity) {", "if (top > t.capacity) {"),
    ("add_no_sealed_recheck", "add: sealed re-check after publishing dropped",
     "sealed(t.ctl) && cas(t.meta[top], seen, make_meta(slot::dead, 0)) ? CODA_ECLOSED : CODA_OK;",
     "CODA_OK; (void)seen;"),
    ("add_no_sealed_check", "add: sealed check before reserving dropped (the re-check remains)",
     "        if (sealed(t.ctl)) return CODA_ECLOSED;\n        Index top", "        Index top"),
    ("add_sealed_recheck_store", "add: sealed take-back by plain store (may kill an entry the final run owns)",
     "sealed(t.ctl) && cas(t.meta[top], seen, make_meta(slot::dead, 0)) ? CODA_ECLOSED : CODA_OK;",
     "sealed(t.ctl) ? (t.meta[top].store(make_meta(slot::dead, 0)), CODA_ECLOSED) : CODA_OK; (void)seen;"),
    ("add_zero_trigger_ok", "add: zero trigger set accepted",
     "if (fn == nullptr || triggers == 0 ||", "if (fn == nullptr ||"),
    # --- compaction ---------------------------------------------------------------
    ("compact_gate_ignored", "compact: the compacting gate bit is not required",
     "if (!try_set_bits(t.ctl.gate, gate_compacting)) return false;\n    const unsigned end",
     "(void)try_set_bits(t.ctl.gate, gate_compacting);\n    const unsigned end"),
    ("compact_top_check_le", "compact: `end <= capacity` returns at once (never compacts)",
     "if (end < t.capacity) {", "if (end <= t.capacity) {"),
    ("compact_no_top_check", "compact: no re-check that top is still at capacity",
     "if (end < t.capacity) {", "if (false) {"),
    ("compact_no_loop_claimers_check", "compact: starts moves while claimers scan",
     "} else if (t.ctl.claimers.load() != 0) {\n            write = ++read;  // a claimer is scanning: no new move",
     "} else if (false) {\n            write = ++read;  // a claimer is scanning: no new move"),
    ("compact_no_final_claimers_check", "compact: recycles holes while claimers scan",
     "if (t.ctl.claimers.load() != 0) {  // a removal may be reading", "if (false) {  // a removal may be reading"),
    ("compact_write_lags", "compact: write cursor lags one behind a kept entry",
     "write = ++read;  // stays where it is", "write = read++;  // stays where it is"),
    ("compact_write_eq_flipped", "compact: `write == read` test inverted",
     "} else if (state != slot::pending || write == read) {", "} else if (state != slot::pending || write != read) {"),
    ("compact_moved_not_hole", "compact: `moved` not treated as a hole",
     "if (state == slot::dead || state == slot::moved) {\n            ++read;  // a hole", "if (state == slot::dead) {\n            ++read;  // a hole"),
    ("compact_top_plus_one", "compact: new top one too high",
     "t.ctl.top.store(static_cast<Index>(write));", "t.ctl.top.store(static_cast<Index>(write + 1));"),
    ("compact_empty_from_write_plus_one", "compact: slot at the new top not emptied",
     "for (unsigned p = write; p < end; ++p) t.meta[p].store(slot::empty);",
     "for (unsigned p = write + 1; p < end; ++p) t.meta[p].store(slot::empty);"),
    ("compact_returns_le", "compact: reports room when all N are pending",
     "return write < t.capacity;", "return write <= t.capacity;"),
    # --- move_entry ---------------------------------------------------------------
    ("move_copy_pending_first", "move: copy published as pending before the source is retired",
     "t.meta[to].store(make_meta(slot::copy, triggers));", "t.meta[to].store(make_meta(slot::pending, triggers));"),
    ("move_retire_by_store", "move: source retired by plain store (moving -> moved not a CAS)",
     "if (!cas(t.meta[from], was_moving, make_meta(slot::moved, 0))) {",
     "if ((t.meta[from].store(make_meta(slot::moved, 0)), was_moving) == 0) {"),
    ("move_no_arg_copy", "move: arg not copied",
     "    t.arg[to] = t.arg[from];\n", ""),
    ("move_failed_copy_not_killed", "move: failed retire leaves the copy alive",
     "        t.meta[to].store(make_meta(slot::dead, 0));  // a claimer took it at the source\n", ""),
    ("move_from_to_swapped", "move: move_from / move_to published swapped",
     "    t.ctl.move_from.store(static_cast<Index>(from));\n    t.ctl.move_to.store(static_cast<Index>(to));",
     "    t.ctl.move_from.store(static_cast<Index>(to));\n    t.ctl.move_to.store(static_cast<Index>(from));"),
    ("is_live_copy_always", "is_live: every copy is live (ignores move_to/moved)",
     "return t.ctl.move_to.load() == p && state_of(t.meta[t.ctl.move_from.load()].load()) == slot::moved;",
     "return (void)t, (void)p, true;"),
    ("is_live_copy_never", "is_live: no copy is live",
     "return t.ctl.move_to.load() == p && state_of(t.meta[t.ctl.move_from.load()].load()) == slot::moved;",
     "return (void)t, (void)p, false;"),
    # --- trim_top -----------------------------------------------------------------
    ("trim_never", "trim_top: never trims (claimers != 0)",
     "if (t.ctl.claimers.load() != 1 || !try_set_bits", "if (t.ctl.claimers.load() != 0 || !try_set_bits"),
    ("trim_no_restore", "trim_top: hole not restored when a registration moved top",
     "            t.meta[last].store(seen);  // a registration moved top", "            // dropped: a registration moved top"),
    ("trim_over_pending", "trim_top: also trims over pending entries (drops them)",
     "if (state_of(seen) != slot::dead && state_of(seen) != slot::moved) break;",
     "if (state_of(seen) == slot::empty) break;"),
    ("trim_empty_after_cas", "trim_top: empties the slot after lowering top",
     "        t.meta[last].store(slot::empty);  // first: a registrar may take `last` once top drops\n        Index expected = top;\n        if (!cas(t.ctl.top, expected, last)) {\n            t.meta[last].store(seen);  // a registration moved top: `last` stays a hole\n            break;\n        }",
     "        Index expected = top;\n        if (!cas(t.ctl.top, expected, last)) {\n            break;\n        }\n        t.meta[last].store(slot::empty);"),
    # --- removal / clear ------------------------------------------------------------
    ("remove_match_arg_flipped", "remove: match_arg test inverted",
     "(!match_arg || t.arg[p] == arg)", "(match_arg || t.arg[p] == arg)"),
    ("remove_no_count", "remove_matching: count not incremented",
     "                ++removed;\n", ""),
    ("remove_no_dead_store", "remove_matching: claimed slot never becomes dead",
     "                t.meta[p].store(make_meta(slot::dead, 0));\n                ++removed;",
     "                ++removed;"),
    ("remove_skips_top_entry", "remove_matching: scan starts one below the newest",
     "    // Newest first, and downwards so that an entry compaction moves down is met once.\n    for (unsigned p = t.ctl.top.load(); p-- > 0;) {",
     "    // Newest first, and downwards so that an entry compaction moves down is met once.\n    for (unsigned p = t.ctl.top.load() > 0 ? t.ctl.top.load() - 1u : 0u; p-- > 0;) {"),
    ("remove_oldest_takes_newest", "remove_oldest: takes the newest match",
     "                found = true;\n                oldest = p;", "                if (found) continue;\n                found = true;\n                oldest = p;"),
    ("remove_oldest_ignores_triggers", "remove_oldest: triggers not compared",
     "is_live(t, p, seen) && triggers_of(seen) == triggers && t.fn[p] == fn", "(void)triggers, is_live(t, p, seen) && t.fn[p] == fn"),
    ("clear_nothing", "clear: claims nothing",
     "(void)remove_matching(t, [](unsigned) { return true; });", "(void)t;"),
    # --- claimers counter / pending ------------------------------------------------
    ("claimers_not_counted", "claimer_scope counts nothing",
     "explicit claimer_scope(control<Index> &ctl) noexcept : ctl_(ctl) { add_to(ctl_.claimers, 1); }",
     "explicit claimer_scope(control<Index> &ctl) noexcept : ctl_(ctl) { add_to(ctl_.claimers, 0); }"),
    ("claimers_leak", "claimer_scope never decrements",
     "~claimer_scope() { add_to(ctl_.claimers, -1); }", "~claimer_scope() {}"),
    ("run_claimers_not_counted", "claim_newest counts no claimer (trims and compacts beside it)",
     "    add_to(t.ctl.claimers, 1);\n    trim_top(t);", "    trim_top(t);"),
    ("run_claimers_leak", "claim_newest never drops its claimer count",
     "    add_to(t.ctl.claimers, -1);\n    return found;", "    return found;"),
    ("compacting_never_released", "the compacting gate bit is never cleared",
     "{ add_to(gate, -static_cast<int>(gate_compacting)); }", "{ (void)gate; }"),
    ("pending_counts_first_only", "pending(): counts only the newest live entry",
     "return count_live(t, CODA_ON_ANY, false);", "return count_live(t, CODA_ON_ANY, true);"),
]


# Removed from MUTANTS: no execution tells them from the real code (one line why; each
# "spin passes" was checked once by hand: the model changed alike, no violation).
EQUIVALENT = [
    ("run_dead_after_copy_out_swapped", "dead before the copy-out: no code of this context runs in between, and a dead "
     "slot is not rewritten while its claimer is counted (invariant 5); spin passes with run_dead before run_copy_fn"),
    ("count_live_no_early_stop", "budget_allows only compares the first count_live with 0: the early stop only "
     "shortens the scan"),
    ("remove_no_break", "after the dead store the loop re-loads `dead`, which is not live, and leaves anyway"),
    ("trim_no_claimers_check", "trim_top's re-check (`claimers.load() != 1`) still comes before any store; without "
     "the first check a trim only holds the gate a moment longer (spin passes with the model's first check dropped)"),
    ("move_copy_state_before_data", "a copy is claimable only once the source is `moved`, which is stored after "
     "fn/arg (invariant 3); spin passes with mv_copy before mv_fn"),
]

# Mutants that only a race kills (the concurrency tests hit it in most runs, not all),
# each with the same change made to the model statement that stands for that line
# (docs/design.md, "The model"): (assertion spin violates, old text, new text of
# tests/model/coda.pml). When such a mutant survives the unit tests, the script runs
# spin on the changed model; if spin rejects it, the mutant counts as killed by model.
# An optional fourth item names the model spin checks (default coda.pml): the sealing
# mutants are checked on coda_seal.pml, which includes coda.pml; the change is made in
# whichever of the two files holds the old text.
PML_ADD = "add_write_fn:           fn[t] = id;\nadd_write_arg:          arg[t] = id;\n"
PML_PUBLISH = "add_publish:            atomic { st[t] = PENDING; registered[id] = true };\n"
PML_TRIM = ("trim_empty:    st[t - 1] = EMPTY;\ntrim_lower:    atomic { if :: top == t -> top = t - 1; ok = true :: else -> ok "
            "= false fi };\n               if\n#ifdef TRIM_NO_RESTORE\n               :: !ok -> break                       /* "
            "the mutation: the hole stays empty */\n#else\n               :: !ok -> st[t - 1] = seen; break     /* trim_restore */\n"
            "#endif\n               :: else -> ")
PML_GATE = "    atomic { if :: compacting == 0 -> compacting = 1; gate = true :: else -> gate = false fi };\n    if\n    :: !gate"
BY_MODEL = {
    "take_store": ("A1", "#ifdef BROKEN_CLAIM_BY_STORE", "#if 1"),
    "move_copy_pending_first": ("A1", "#ifdef BROKEN_COPY_PUBLISHED_PENDING", "#if 1"),
    "publish_first": ("A1", PML_ADD + PML_PUBLISH, PML_PUBLISH + PML_ADD),
    "move_retire_by_store": ("A1", "mv_retire:    atomic {\n                  if\n                  :: st[from] == MOVING -> "
                             "st[from] = MOVED; ok = true\n                  :: else -> ok = false\n                  fi\n"
                             "              };", "mv_retire:    st[from] = MOVED; ok = true;"),
    "move_failed_copy_not_killed": ("A1", "mv_kill:          st[to] = DEAD;", "mv_kill:          skip;"),
    "trim_empty_after_cas": ("A3", PML_TRIM, PML_TRIM.replace("trim_empty:    st[t - 1] = EMPTY;\n", "").replace(
        "st[t - 1] = seen; break", "break") + "st[t - 1] = EMPTY; "),
    "compact_gate_ignored": ("A3", PML_GATE, "    compacting = 1; gate = true;\n    if\n    :: !gate"),
    "add_top_plain_store": ("S3", "#ifdef TOP_PLAIN_STORE", "#if 1", "coda_seal.pml"),
    "add_no_sealed_recheck": ("S1", "#ifdef NO_SEALED_RECHECK", "#if 1", "coda_seal.pml"),
    "add_sealed_recheck_store": ("S2", "#ifdef RECHECK_BY_STORE", "#if 1", "coda_seal.pml"),
    "compact_no_top_check": ("S1", "#ifdef COMPACT_NO_TOP_CHECK", "#if 1", "coda_seal.pml"),
    "trim_no_restore": ("S3", "#ifdef TRIM_NO_RESTORE", "#if 1", "coda_seal.pml"),
}


def sh(cmd, cwd, timeout=None, log=None):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, text=True,
                           errors="replace")
        out, rc = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        rc = "timeout"
    if log:
        with open(log, "w") as f:
            f.write(out)
    return rc, out, time.time() - t0


def failed_tests(output):
    return sorted(set(re.findall(r"^\[  FAILED  \] (\S+)", output, re.M)) - {"tests,", "TEST"})


def model_rejects(repo, name, logs):
    """Runs spin on the model with BY_MODEL[name]'s change, in a copy of tests/model; (rejected, detail)."""
    assertion, old, new = BY_MODEL[name][:3]
    checked = BY_MODEL[name][3] if len(BY_MODEL[name]) > 3 else "coda.pml"
    model_dir = os.path.join(repo, "tests", "model")
    texts = {m: open(os.path.join(model_dir, m)).read() for m in sorted({"coda.pml", checked})}
    holders = [m for m, text in texts.items() if text.count(old) == 1]
    if sum(text.count(old) for text in texts.values()) != 1:
        return False, f"its model text is no longer in {' or '.join(texts)}"
    mutant_dir = os.path.join(logs, "model_" + name)
    shutil.rmtree(mutant_dir, ignore_errors=True)
    shutil.copytree(model_dir, mutant_dir)
    with open(os.path.join(mutant_dir, holders[0]), "w") as f:
        f.write(texts[holders[0]].replace(old, new))
    rc, _, dt = sh(["bash", os.path.join(mutant_dir, "check.sh"), "reject", os.path.join(mutant_dir, checked)],
                   cwd=mutant_dir, log=os.path.join(logs, name + ".spin.log"))
    return rc == 0, f"spin finds {assertion} violated in {dt:.0f} s" if rc == 0 else f"spin did not reject it: {name}.spin.log"


def copy_repo(source, dest):
    if source == "head":
        os.makedirs(dest)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout
        subprocess.run(["tar", "-x", "-C", dest], input=archive, check=True)
    else:
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns("build", ".git", "Testing"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", choices=["worktree", "head"], default="worktree")
    ap.add_argument("--workdir", help="scratch directory (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--only", help="comma-separated mutant names")
    ap.add_argument("--timeout", type=int, help="seconds per test run (default: 10 x the baseline run, at least 30)")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check-model", action="store_true", help="also run spin for BY_MODEL mutants the tests killed")
    args = ap.parse_args()

    if args.list:
        for m in MUTANTS:
            print(f"{m[0]:36} {m[1]}")
        for name, why in EQUIVALENT:
            print(f"{name:36} equivalent: {why}")
        return 0
    mutants = MUTANTS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {m[0] for m in MUTANTS}
        if unknown:
            print("unknown mutants:", ", ".join(sorted(unknown)))
            return 2
        mutants = [m for m in MUTANTS if m[0] in wanted]

    work = args.workdir or tempfile.mkdtemp(prefix="coda-mutation-")
    if os.path.exists(os.path.join(work, "repo")):
        shutil.rmtree(os.path.join(work, "repo"))
    os.makedirs(work, exist_ok=True)
    repo = os.path.join(work, "repo")
    build = os.path.join(work, "build")
    logs = os.path.join(work, "logs")
    os.makedirs(logs, exist_ok=True)
    assert os.path.realpath(repo) != os.path.realpath(ROOT)
    copy_repo(args.source, repo)
    table_path = os.path.join(repo, TABLE)
    original = open(table_path).read()
    print(f"coda mutation testing: {len(mutants)} mutants of {TABLE} ({args.source}), scratch {work}", flush=True)

    rc, out, dt = sh(["cmake", "-S", repo, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug", "-DBUILD_TESTING=ON",
                      "-DCMAKE_C_COMPILER=gcc", "-DCMAKE_CXX_COMPILER=g++"], cwd=work, log=os.path.join(logs, "configure.log"))
    if rc != 0:
        print(out[-3000:])
        print("configure failed")
        return 2
    exe = os.path.join(build, "tests", "coda_unit_tests")

    def build_and_test(name, gtest_filter):
        rc, out, bdt = sh(["ninja", "-C", build, "coda_unit_tests"], cwd=work, log=os.path.join(logs, name + ".build.log"))
        if rc != 0:
            return "build_failed", [], bdt, 0.0
        cmd = [exe, "--gtest_brief=1"]
        if gtest_filter:
            cmd.append("--gtest_filter=" + gtest_filter)
        rc, out, tdt = sh(cmd, cwd=build, timeout=args.timeout, log=os.path.join(logs, name + ".test.log"))
        if rc == "timeout":
            return "timeout", [], bdt, tdt
        return rc, failed_tests(out), bdt, tdt

    rc, base_failed, bdt, tdt = build_and_test("baseline", None)
    if rc in ("build_failed", "timeout"):
        print(f"baseline: {rc}; see {logs}")
        return 2
    gtest_filter = None
    if base_failed:
        print(f"baseline: {len(base_failed)} tests already fail and are excluded: {', '.join(base_failed)}")
        gtest_filter = "-" + ":".join(base_failed)
    if args.timeout is None:
        args.timeout = max(30, int(10 * tdt))
    print(f"baseline: build {bdt:.0f} s, tests {tdt:.1f} s; timeout {args.timeout} s", flush=True)

    results = []
    t_all = time.time()
    for entry in mutants:
        name, what, old, new = entry[:4]
        nth = entry[4] if len(entry) > 4 else None
        count = original.count(old)
        if count == 0 or (nth is None and count != 1):
            results.append((name, "stale", f"text found {count} times", what))
            print(f"{name:36} stale ({count} matches)", flush=True)
            continue
        if nth is None:
            mutated = original.replace(old, new, 1)
        else:
            at = -1
            for _ in range(nth + 1):
                at = original.index(old, at + 1)
            mutated = original[:at] + new + original[at + len(old):]
        with open(table_path, "w") as f:
            f.write(mutated)
        rc, killed_by, bdt, tdt = build_and_test(name, gtest_filter)
        if rc == "build_failed":
            verdict, detail = "invalid", "does not compile"
        elif rc == "timeout":
            verdict, detail = "killed", f"timeout after {args.timeout} s"
        elif rc != 0:
            verdict = "killed"
            detail = ", ".join(killed_by) if killed_by else f"exit status {rc} (crash)"
        else:
            verdict, detail = "survived", ""
        if name in BY_MODEL and (verdict == "survived" or args.check_model):
            rejected, spin = model_rejects(repo, name, logs)
            verdict = "model" if verdict == "survived" and rejected else verdict
            detail = f"{spin}; {detail}" if detail else spin
        results.append((name, verdict, detail, what))
        print(f"{name:36} {verdict:9} {bdt:4.0f}+{tdt:5.1f} s  {detail[:150]}", flush=True)
    with open(table_path, "w") as f:
        f.write(original)

    counts = {}
    for r in results:
        counts[r[1]] = counts.get(r[1], 0) + 1
    equivalent = 0 if args.only else len(EQUIVALENT)
    killed, model, survived = (counts.get(v, 0) for v in ("killed", "model", "survived"))
    print()
    if counts.get("stale") or counts.get("invalid"):
        print(f"not counted: {counts.get('stale', 0)} stale, {counts.get('invalid', 0)} invalid")
    print(f"time {time.time() - t_all:.0f} s")
    for r in results:
        if r[1] == "model":
            print(f"  killed by model {r[0]}: {r[2]}")
    for r in results:
        if r[1] == "survived":
            print(f"  SURVIVED {r[0]}: {r[3]}")
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"logs: {logs}")
    print(f"{killed + model + equivalent + survived} mutants: {killed} killed, {model} killed by model, "
          f"{equivalent} equivalent, {survived} survived")
    return 1 if survived or counts.get("stale") or counts.get("invalid") else 0


if __name__ == "__main__":
    sys.exit(main())
