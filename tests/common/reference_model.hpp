// reference_model.hpp - the registry's rules the obvious way (docs/semantics.md: S1-S10,
// S11 for seal, S13), for the two tests that check coda::registry<N> against it: the
// differential test (tests/unit/differential_test.cpp) and the fuzz target
// (tests/fuzz/registry_fuzz.cpp). Pending entries in a vector, in registration order
// (back() is the newest); no slots, no concurrency. Handlers and arguments are small ids.
#ifndef CODA_TEST_REFERENCE_MODEL_HPP
#define CODA_TEST_REFERENCE_MODEL_HPP

#include <cstddef>
#include <vector>

#include "coda/coda.h"

namespace coda_test {

// Exactly one known trigger bit: what a run runs (anything else runs nothing).
inline bool one_trigger(unsigned t) { return t != 0 && (t & ~CODA_ON_ANY) == 0 && (t & (t - 1)) == 0; }

struct reference_entry {
    int fn;   // handler id; negative: a null handler
    int arg;  // argument id
    unsigned triggers;
    std::size_t slot;  // where the registry would hold it: for the compaction tally only
};

struct reference_model {
    std::size_t capacity = 0;
    std::vector<reference_entry> entries;
    bool sealed = false;
    // The registry's next free position and how often it compacted (and moved entries):
    // not rules, a tally the differential test prints.
    std::size_t top = 0;
    std::size_t compactions = 0;
    std::size_t compactions_moving = 0;

    // Bad input first, then the seal, then room (S3, S4, S11).
    int add(int fn, int arg, unsigned triggers) {
        if (fn < 0 || triggers == 0 || (triggers & ~CODA_ON_ANY) != 0) return CODA_EINVAL;
        if (sealed) return CODA_ECLOSED;
        if (top == capacity) compact();
        if (entries.size() >= capacity) return CODA_EFULL;
        entries.push_back({fn, arg, triggers, top++});
        return CODA_OK;
    }
    // Removes every pending entry pred accepts (S5, S6): how many.
    template <class Pred>
    std::size_t erase_if(Pred pred) {
        std::size_t n = 0;
        for (std::size_t i = entries.size(); i-- > 0;) {
            if (pred(entries[i])) {
                entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
                ++n;
            }
        }
        return n;
    }
    // The newest entry eligible for trigger, or -1: the one a run takes next (S1, S2, S7).
    long newest(unsigned trigger) const {
        for (std::size_t i = entries.size(); i-- > 0;) {
            if ((entries[i].triggers & trigger) != 0) return static_cast<long>(i);
        }
        return -1;
    }
    unsigned eligible(unsigned trigger) const {
        unsigned n = 0;
        for (const reference_entry &e : entries) n += (e.triggers & trigger) != 0 ? 1u : 0u;
        return n;
    }
    // Claims entry i for a run: not pending any more, before its handler is called (S9).
    reference_entry take(std::size_t i) {
        const reference_entry taken = entries[i];
        entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
        return taken;
    }
    // The registry lowers top over the holes above its newest entry before a claim.
    void trim() { top = entries.empty() ? 0 : entries.back().slot + 1; }

private:
    void compact() {
        ++compactions;
        bool moved = false;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            moved = moved || entries[i].slot != i;
            entries[i].slot = i;
        }
        if (moved) ++compactions_moving;
        top = entries.size();
    }
};

} // namespace coda_test

#endif // CODA_TEST_REFERENCE_MODEL_HPP
