#!/usr/bin/env python3
"""Mutation testing of src/table_impl.hpp (the slot protocol).

Copies the repository to a scratch directory (never touches the original), configures a
host Debug build there once, then for each mutant: writes the mutated src/table_impl.hpp into
the COPY, rebuilds coda_unit_tests and runs it (with a timeout: a mutant that loops is
killed by the timeout). Reports killed / survived per mutant and which tests killed it.

    tests/mutation/mutate.py                     # all mutants, copy of the working tree
    tests/mutation/mutate.py --source head       # copy of `git archive HEAD` instead
    tests/mutation/mutate.py --only claim_store,remove_by_store
    tests/mutation/mutate.py --list
    tests/mutation/mutate.py --keep --workdir /tmp/coda-mutation

A mutation is an exact text replacement; one whose text is no longer in table_impl.hpp is
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
TABLE = os.path.join("src", "table_impl.hpp")

# (name, what it breaks, old text, new text[, which occurrence (0-based) when not unique])
MUTANTS = [
    # --- claims and runs ------------------------------------------------------------
    ("claim_store", "run: claim by plain store instead of compare-exchange",
     "if (is_due(seen, trigger) && cas_from(t.meta[s], seen, make_meta(slot::claimed, 0))) {",
     "if (is_due(seen, trigger)) {\n            store(t.meta[s], make_meta(slot::claimed, 0));"),
    ("claim_always_fails", "run: claim never succeeds",
     "if (is_due(seen, trigger) && cas_from(t.meta[s], seen, make_meta(slot::claimed, 0))) {",
     "if (is_due(seen, trigger) && false) {"),
    ("release_never_recycles", "release: the newest slot is never recycled (top never lowered)",
     "        !cas_from(t.ctl.top, static_cast<Index>(p + 1), static_cast<Index>(p))) {",
     "        true) {"),
    ("release_no_hole", "release: a slot not recycled is left empty below top, not dead",
     "        (void)cas_from(t.meta[c.slot()], slot::empty, slot::dead);\n", ""),
    ("release_after_call", "run: the slot is freed after the handler returns, not before",
     "    release<S>(t, c);\n    return port::invoke(fn, arg);",
     "    const bool ok = port::invoke(fn, arg);\n    release<S>(t, c);\n    return ok;"),
    ("release_uncounted", "release: recycles while a removal or compaction is counted",
     "    if ((shared && load(t.claimers) != 0) || impl::sealed(t.ctl) ||", "    if (impl::sealed(t.ctl) ||"),
    ("release_after_seal", "release: recycles after the seal bit",
     "    if ((shared && load(t.claimers) != 0) || impl::sealed(t.ctl) ||", "    if ((shared && load(t.claimers) != 0) ||"),
    ("release_moved", "release: recycles without checking that p still names the slot",
     " || (shared && slot_at(t, p) != c.slot()) ||\n", " ||\n"),
    ("release_empty_late", "release: the claimer count is read before the slot is emptied, not after",
     "    store(t.meta[c.slot()], slot::empty);\n    constexpr bool shared = S == sharing::shared;  // unshared: no claimer, p names s\n    const unsigned p = shared ? c.position() : c.slot();\n    if ((shared && load(t.claimers) != 0) ||",
     "    constexpr bool shared = S == sharing::shared;\n    const unsigned p = shared ? c.position() : c.slot();\n    const bool counted = shared && load(t.claimers) != 0;\n    store(t.meta[c.slot()], slot::empty);\n    if (counted ||"),
    ("claim_position_wrong", "claim_newest: reports the position above the one met",
     "return {static_cast<uint32_t>(p) << 16 | s};", "return {static_cast<uint32_t>(p + 1) << 16 | s};"),
    ("is_due_trigger_flipped", "is_due: trigger test inverted",
     "(triggers_of(meta) & trigger) != 0;", "(triggers_of(meta) & trigger) == 0;"),
    ("claim_keeps_triggers", "run: a claimed byte keeps its trigger bits (is_due would see it due again)",
     "if (is_due(seen, trigger) && cas_from(t.meta[s], seen, make_meta(slot::claimed, 0))) {",
     "if (is_due(seen, trigger) && cas_from(t.meta[s], seen, make_meta(slot::claimed, triggers_of(seen)))) {"),
    ("claim_scan_skips_top", "run: scan starts one below the newest",
     "claim claim_newest(const table<Index> &t, unsigned trigger) noexcept {\n    for (unsigned p = load(t.ctl.top); p-- > 0;) {",
     "claim claim_newest(const table<Index> &t, unsigned trigger) noexcept {\n    for (unsigned p = load(t.ctl.top) - (load(t.ctl.top) > 0 ? 1u : 0u); p-- > 0;) {"),
    ("claim_scan_skips_bottom", "run: scan stops above position 0",
     "claim claim_newest(const table<Index> &t, unsigned trigger) noexcept {\n    for (unsigned p = load(t.ctl.top); p-- > 0;) {",
     "claim claim_newest(const table<Index> &t, unsigned trigger) noexcept {\n    for (unsigned p = load(t.ctl.top); p-- > 1;) {"),
    ("claim_then_skip", "run: a claimed slot is not returned (the claim leaks, the scan goes on)",
     "            return {static_cast<uint32_t>(p) << 16 | s};\n        }\n    }\n    return {claim::none_found};",
     "            continue;\n        }\n    }\n    return {claim::none_found};"),
    ("budget_asked_with_nothing_due", "run: budget asked although nothing is due",
     "return budget == nullptr || !any_due(t, trigger) || budget(ctx) != 0;",
     "return budget == nullptr || (!any_due(t, trigger) && false) || budget(ctx) != 0;"),
    ("budget_result_ignored", "run: budget's 0 ignored",
     "return budget == nullptr || !any_due(t, trigger) || budget(ctx) != 0;",
     "return budget == nullptr || !any_due(t, trigger) || budget(ctx) != 0 || true;"),
    ("any_due_skips_bottom", "any_due: misses position 0",
     "    for (unsigned p = load(t.ctl.top); p-- > 0;) {\n        if (is_due(load(t.meta[slot_at(t, p)]), trigger)) return true;",
     "    for (unsigned p = load(t.ctl.top); p-- > 1;) {\n        if (is_due(load(t.meta[slot_at(t, p)]), trigger)) return true;"),
    ("report_complete_flipped", "run: report.complete inverted",
     "complete ? 1u : 0u};", "complete ? 0u : 1u};"),
    ("report_skipped_zero", "run: report.skipped always 0",
     "complete ? 0 : count_due(t, trigger)", "0"),
    ("count_due_skips_last", "count_due: misses the last slot",
     "for (unsigned s = 0; s < t.capacity; ++s) count +=", "for (unsigned s = 0; s + 1 < t.capacity; ++s) count +="),
    ("one_trigger_any_bits", "is_one_trigger accepts several bits",
     "return trigger == CODA_ON_EXIT ||", "return (trigger & ~CODA_ON_ANY) == 0 || trigger == CODA_ON_EXIT ||"),
    # --- registration -----------------------------------------------------------------
    ("publish_first", "add: published before fn/arg are written",
     "        store_word(t.fn[s], fn);\n        store_word(t.arg[s], arg);\n        if (!cas_from(t.meta[s], slot::empty, make_meta(State, triggers))) return CODA_ECLOSED;",
     "        const bool ok = cas_from(t.meta[s], slot::empty, make_meta(State, triggers));\n        store_word(t.fn[s], fn);\n        store_word(t.arg[s], arg);\n        if (!ok) return CODA_ECLOSED;"),
    ("publish_by_store", "add: published by plain store (a sealed slot accepts it)",
     "if (!cas_from(t.meta[s], slot::empty, make_meta(State, triggers))) return CODA_ECLOSED;",
     "store(t.meta[s], make_meta(State, triggers));"),
    ("add_top_plain_store", "add: top reserved by load + store, not compare-exchange",
     "if (!cas(t.ctl.top, top, static_cast<Index>(top + 1))) continue;",
     "store(t.ctl.top, static_cast<Index>(top + 1));"),
    ("add_slot_of_new_top", "add: takes the slot named one position too high",
     "const unsigned s = slot_at(t, top);  // empty", "const unsigned s = slot_at(t, top + 1u < t.capacity ? top + 1u : top);  // empty"),
    ("add_full_off_by_one_low", "add: full one slot early",
     "if (top >= t.capacity) return at_capacity;", "if (top + 1 >= t.capacity) return at_capacity;"),
    ("add_full_off_by_one_high", "add: writes at top == capacity",
     "if (top >= t.capacity) return at_capacity;", "if (top > t.capacity) return at_capacity;"),
    ("add_no_sealed_check", "add: sealed check before reserving dropped",
     "        if (impl::sealed(t.ctl)) return CODA_ECLOSED;\n        Index top", "        Index top"),
    ("add_zero_trigger_ok", "add: zero trigger set accepted",
     "if (fn == nullptr || triggers == 0 ||", "if (fn == nullptr ||"),
    ("add_unknown_trigger_ok", "add: unknown trigger bits accepted",
     "|| (triggers & ~CODA_ON_ANY) != 0) return CODA_EINVAL;", ") return CODA_EINVAL;"),
    # --- compaction -------------------------------------------------------------------
    ("compact_not_alone", "compact: moves slot numbers beside other claimers",
     "    add_to(t.claimers, 1);\n    if (alone(t)) {", "    add_to(t.claimers, 1);\n    if (true) {"),
    ("compact_never", "compact: never compacts",
     "    add_to(t.claimers, 1);\n    if (alone(t)) {", "    add_to(t.claimers, 1);\n    if (false) {"),
    ("compact_moves_reserved", "compact: moves a reserved (empty) slot like a pending one",
     "if (state == slot::empty || state == slot::sealed || write == read) {",
     "if (state == slot::sealed || write == read) {"),
    ("compact_leaves_owned", "compact: an owned (guarded) entry stays in place like a reservation",
     "if (state == slot::empty || state == slot::sealed || write == read) {",
     "if (state == slot::empty || state == slot::sealed || state == slot::owned || write == read) {"),
    ("compact_upper_first", "compact: a swap writes the upper position first",
     "                set_slot(t, write, s);\n                set_slot(t, read, hole);",
     "                set_slot(t, read, hole);\n                set_slot(t, write, s);"),
    ("compact_hole_lost", "compact: the hole's slot number is not moved up (duplicates a live slot)",
     "                set_slot(t, read, hole);\n", "                (void)hole;\n"),
    ("compact_write_lags", "compact: write cursor does not advance after a swap",
     "                set_slot(t, read, hole);\n                ++write;", "                set_slot(t, read, hole);"),
    ("compact_stays_lags", "compact: a kept entry does not move the write cursor past it",
     "write = read + 1;  // empty or sealed", "write = read;  // empty or sealed"),
    ("compact_no_trim", "compact: holes gathered at the top are not recycled",
     "        }\n        trim(t);\n    }", "        }\n    }"),
    ("compact_returns_le", "compact: reports room when top == capacity",
     "return load(t.ctl.top) < t.capacity;", "return load(t.ctl.top) <= t.capacity;", 0),
    ("trim_unshared_returns_le", "trim_unshared: reports room when top == capacity",
     "return load(t.ctl.top) < t.capacity;", "return load(t.ctl.top) <= t.capacity;", 1),
    ("compact_claimers_leak", "compact: never drops its claimer count",
     "        trim(t);\n    }\n    add_to(t.claimers, -1);", "        trim(t);\n    }"),
    # --- trim ---------------------------------------------------------------------------
    ("trim_not_alone", "trim: no alone() re-check after reading the slot number",
     "        if (load(meta) != slot::dead || !alone(t)) return false;", "        if (load(meta) != slot::dead) return false;"),
    ("trim_over_pending", "trim: also recycles a pending slot at the top",
     "        if (load(meta) != slot::dead || !alone(t)) return false;\n    }\n    if (!cas_from(meta, slot::dead, slot::empty)) return false;",
     "        if (!alone(t)) return false;\n    }\n    store(meta, slot::empty);"),
    ("trim_no_sealed_check", "trim: recycles after the seal",
     "    if (!closed && cas_from(t.ctl.top, top, static_cast<Index>(top - 1))) return true;",
     "    if (cas_from(t.ctl.top, top, static_cast<Index>(top - 1))) return true;"),
    ("trim_no_restore", "trim: slot left empty (below top) when top was not lowered",
     "    (void)cas_from(meta, slot::empty, closed ? slot::sealed : slot::dead);\n", ""),
    ("trim_top_plain_store", "trim: top lowered by plain store",
     "cas_from(t.ctl.top, top, static_cast<Index>(top - 1))) return true;",
     "(store(t.ctl.top, static_cast<Index>(top - 1)), true)) return true;"),
    ("trim_sealed_marks_dead", "trim: after the seal the slot goes back to dead, not sealed",
     "closed ? slot::sealed : slot::dead", "slot::dead"),
    ("trim_unshared_one_only", "trim_unshared: lowers top over one hole only",
     "    while (trim_one<sharing::unshared>(t)) {\n    }", "    (void)trim_one<sharing::unshared>(t);"),
    ("trim_one_only", "trim: lowers top over one hole only",
     "    while (trim_one(t)) {\n    }", "    (void)trim_one(t);"),
    ("trim_never", "trim: never trims",
     "    while (trim_one(t)) {\n    }", "    (void)t;"),
    # --- claimers -----------------------------------------------------------------------
    ("remove_claimers_not_counted", "remove: a match is checked again and killed uncounted",
     "            add_to(t.claimers, 1);\n            counted = true;\n        }\n        if (counted) add_to(t.claimers, -1);",
     "            counted = true;\n        }"),
    ("remove_counts_scan", "remove: the whole scan is counted, as before issue 12 (a compaction beside it gives up)",
     "    size_t removed = 0;\n    for (unsigned p = load(t.ctl.top); p-- > 0;) {\n        const unsigned s = slot_at(t, p);\n        bool counted",
     "    size_t removed = 0;\n    add_to(t.claimers, 1);\n    struct uncount { const table<Index> &t; ~uncount() { add_to(t.claimers, -1); } } u{t};\n    for (unsigned p = load(t.ctl.top); p-- > 0;) {\n        const unsigned s = slot_at(t, p);\n        bool counted"),
    ("alone_any", "alone(): true whatever the count",
     "return load(t.claimers) == 1;", "return (void)load(t.claimers), true;"),
    # --- removal ------------------------------------------------------------------------
    ("remove_match_arg_flipped", "remove: match_arg test inverted",
     "bits_of(arg), match_arg ? all : 0}", "bits_of(arg), match_arg ? 0 : all}"),
    ("remove_no_count", "remove: count of removed entries not incremented",
     "if (cas_from(t.meta[s], seen, uint8_t{slot::dead})) ++removed;", "(void)cas_from(t.meta[s], seen, uint8_t{slot::dead});"),
    ("remove_by_store", "remove: removal by plain store instead of compare-exchange",
     "if (cas_from(t.meta[s], seen, uint8_t{slot::dead})) ++removed;",
     "store(t.meta[s], slot::dead);\n                ++removed;"),
    ("remove_no_first_look", "remove: every entry is checked counted (a removal that finds nothing counts)",
     "        bool counted = false;\n        for (;;) {",
     "        bool counted = true;\n        add_to(t.claimers, 1);\n        for (;;) {"),
    ("remove_skips_bottom", "remove: misses position 0",
     "    size_t removed = 0;\n    for (unsigned p = load(t.ctl.top); p-- > 0;) {",
     "    size_t removed = 0;\n    for (unsigned p = load(t.ctl.top); p-- > 1;) {"),
    ("add_owned_marks_pending", "add_owned: a guard's entry is published as a plain pending one",
     "return add_as<slot::owned>(t, fn, arg, triggers, [&t] { return compact(t); });",
     "return add_as<slot::pending>(t, fn, arg, triggers, [&t] { return compact(t); }) == CODA_OK ? 0 : CODA_EFULL;"),
    ("remove_owned_ignores_arg", "remove_owned: the argument is not compared",
     "load(t.meta[s]) == mine && fn_of(t, s) == fn && arg_of(t, s) == arg &&", "load(t.meta[s]) == mine && fn_of(t, s) == fn && (arg_of(t, s) == arg || arg != nullptr) &&"),
    ("remove_owned_any_pending", "remove_owned: removes any pending entry of the triple in the slot (owned mark not checked)",
     "load(t.meta[s]) == mine && fn_of(t, s) == fn && arg_of(t, s) == arg &&\n                         cas_from(t.meta[s], mine, uint8_t{slot::dead});",
     "triggers_of(load(t.meta[s])) == triggers && mine != 0 && fn_of(t, s) == fn && arg_of(t, s) == arg &&\n                         cas_from(t.meta[s], load(t.meta[s]), uint8_t{slot::dead});"),
    # --- after fork -------------------------------------------------------------------
    ("recover_keeps_claimers", "recover_orphans: the gone contexts' claimers stay counted",
     "        if (state == slot::empty || state == slot::claimed) store(meta, slot::dead);\n    }\n    store(t.claimers, 0);",
     "        if (state == slot::empty || state == slot::claimed) store(meta, slot::dead);\n    }"),
    ("recover_keeps_claims", "recover_orphans: a gone run's claimed slot stays claimed",
     "if (state == slot::empty || state == slot::claimed) store(meta, slot::dead);",
     "if (state == slot::empty) store(meta, slot::dead);"),
    ("recover_keeps_reservations", "recover_orphans: a gone registrar's reserved slot stays empty",
     "if (state == slot::empty || state == slot::claimed) store(meta, slot::dead);",
     "if (state == slot::claimed) store(meta, slot::dead);"),
    ("recover_no_swap_repair", "recover_orphans: a half-done swap is left as it is",
     "if ((seen[s / 8] & (1u << (s % 8))) == 0) set_slot(t, static_cast<unsigned>(twice_at), s);",
     "if ((seen[s / 8] & (1u << (s % 8))) == 0) (void)twice_at;"),
    ("recover_repairs_lower", "recover_orphans: the lower of the two positions gets the hole",
     "if ((seen[s / 8] & (1u << (s % 8))) != 0) twice_at = static_cast<int>(p);",
     "if ((seen[s / 8] & (1u << (s % 8))) != 0) twice_at = static_cast<int>(p) - 1;"),
    ("clear_nothing", "remove: the fn mask is ignored (clear takes only entries of a null fn: none)",
     "((bits_of(fn_of(t, s)) ^ m.fn) & m.fn_mask) == 0", "(bits_of(fn_of(t, s)) ^ m.fn) == 0"),
    ("pending_counts_exit_only", "pending(): counts only the exit entries",
     "return count_due(t, CODA_ON_ANY);", "return count_due(t, CODA_ON_EXIT);"),
    # --- sealing ------------------------------------------------------------------------
    ("seal_no_pass", "seal: sets the bit only, no pass over the slots",
     "    for (unsigned s = 0; s < t.capacity; ++s) {\n        const uint8_t seen = load(t.meta[s]);",
     "    for (unsigned s = t.capacity; s < t.capacity; ++s) {\n        const uint8_t seen = load(t.meta[s]);"),
    ("seal_pass_skips_dead", "seal: the pass leaves dead slots alone",
     "if (seen == slot::empty || seen == slot::dead) (void)cas_from(", "if (seen == slot::empty) (void)cas_from("),
    ("seal_no_bit", "seal: the pass only, no sealed bit",
     "    store(t.ctl.gate, gate_sealed);", "    (void)gate_sealed;"),
    ("final_no_second_run", "run_final: no second run after the seal",
     "    return ran + run(trigger);", "    return ran;"),
    ("final_no_seal", "run_final: does not seal",
     "    seal_it();\n    return ran +", "    (void)seal_it;\n    return ran +"),
    ("slot_at_identity", "slot_at: ignores order (always slot p)",
     "return load(t.order[p]) ^ p;", "return (void)load(t.order[p]), p;"),
]


# Removed from MUTANTS: no execution tells them from the real code (one line why).
EQUIVALENT = [
    ("trim_alone_late", "trim's first alone() dropped (read the slot number, then check): spin finds no violation "
     "since runs stopped trimming (-DTRIM_ALONE_LATE passes in every model): a trim never meets a compaction's "
     "swap, as only one claimer is ever alone, and trim_unshared runs only where nothing compacts; kept as defence"),
    ("compact_moves_sealed", "a sealed slot moved by compaction: spin finds no violation (-DCOMPACT_MOVES_SEALED "
     "passes, tests/model/README.md) since trim marks by compare-exchange; the rule stays so that a reservation's "
     "slot never moves (docs/design.md, invariant 5)"),
]

# Mutants that only a race kills (the concurrency tests hit it in most runs, not all),
# each with the same change made to the model statement that stands for that line
# (docs/design.md, "The model"): (assertion spin violates, old text, new text of
# tests/model/coda.pml). When such a mutant survives the unit tests, the script runs
# spin on the changed model; if spin rejects it, the mutant counts as killed by model.
# An optional fourth item names the model spin checks (default coda.pml): the sealing
# mutants are checked on coda_seal.pml, which includes coda.pml; the change is made in
# whichever of the two files holds the old text.
BY_MODEL = {
    "compact_moves_reserved": ("A3", "coda.pml", ["-DTWO_REGISTRARS", "-DCOMPACT_MOVES_EMPTY"]),
    "compact_upper_first": ("R1", "coda.pml", ["-DSWAP_UPPER_FIRST"]),
    "compact_not_alone": ("S4", "coda.pml", ["-DTWO_REGISTRARS", "-DCOMPACT_NOT_ALONE"]),
    "trim_not_alone": ("X1", "coda.pml", ["-DTRIM_ALONE_FIRST_ONLY"]),
    "release_uncounted": ("A3", "coda.pml", ["-DRELEASE_UNCOUNTED"]),
    "release_moved": ("R1", "coda.pml", ["-DRELEASE_MOVED"]),
    "release_empty_late": ("S4", "coda.pml", ["-DRELEASE_EMPTY_LATE"]),
    "release_after_seal": ("S1", "coda_seal.pml", ["-DTWO_REGISTRARS", "-DRELEASE_SEALED"]),
    "publish_by_store": ("S1", "coda_seal.pml", ["-DPUBLISH_BY_STORE"]),
    "final_no_second_run": ("S1", "coda_seal.pml", ["-DFINAL_NO_SECOND_RUN"]),
    "trim_no_sealed_check": ("S1", "coda_seal.pml", ["-DTWO_REGISTRARS", "-DTRIM_NO_SEALED_CHECK"]),
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
    """Runs spin on the model with BY_MODEL[name]'s options (tests/model/table.pml's
    mutation macros); (rejected, detail)."""
    assertion, model, options = BY_MODEL[name]
    model_dir = os.path.join(repo, "tests", "model")
    text = "".join(open(os.path.join(model_dir, m)).read() for m in os.listdir(model_dir) if m.endswith(".pml"))
    for option in options:
        macro = option[2:].split("=")[0]
        if option.startswith("-D") and macro not in text:
            return False, f"{macro} is no longer in tests/model"
    rc, _, dt = sh(["bash", os.path.join(model_dir, "check.sh"), "reject", os.path.join(model_dir, model)] + options,
                   cwd=logs, log=os.path.join(logs, name + ".spin.log"))
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
        if rc != 0 and "GoogleTestAddTests" in out and "terminated due to timeout" in out:
            # Compiled and linked, then hung when the build listed the tests (a static
            # registration's run that never ends): as a test timeout.
            return "hang", [], bdt, 0.0
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
        elif rc == "hang":
            verdict, detail = "killed", "the test program hangs when the build lists its tests"
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
