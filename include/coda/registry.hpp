// registry.hpp - the C++ API of coda: a fixed-capacity, allocation-free cleanup registry.
//
// Example:
//     struct worker { void stop(); ... };
//     worker w;
//     if (coda::global().add<&worker::stop>(w) != coda::status::ok) { ... }
//     (void)coda::global().add(close_log, log_file, CODA_ON_EXIT);
//     coda::registry<8> local;                       // a private table: run it yourself
//     coda::scoped_registration guard(local, flush, &producer);  // removed when guard dies
//     local.run(CODA_ON_EXIT);
//
// Guarantees (the same as coda.h, of which this is the typed face):
//  - No heap, no exceptions thrown, no RTTI, no locks. A registry has a constexpr
//    constructor and zero-filled storage is its empty state, so a static one is
//    constant-initialised and usable from any static constructor or from early boot.
//  - run() never waits for the code it interrupts: safe in interrupt handlers of any
//    priority and in signal handlers. add/remove/clear are safe from threads and
//    maskable interrupts. Each registration runs at most once; newest first.
//  - Storage: Capacity * (2 pointers + 1 state byte + 1 index) plus at most 8 bytes (10
//    bytes per entry on 32-bit targets); the index is 8 bits up to 255 entries, 16 above.
//    The algorithm is shared by every Capacity.
//  - Statuses are [[nodiscard]]: ok, invalid (null fn, bad trigger bits), full
//    (Capacity entries pending), closed (sealed: past the final run).
#ifndef CODA_REGISTRY_HPP
#define CODA_REGISTRY_HPP

#include <stddef.h>
#include <stdint.h>

#include "coda/coda.h"
#include "coda/detail/table.hpp"

namespace coda {

enum class status : int {
    ok = CODA_OK,
    invalid = CODA_EINVAL,
    full = CODA_EFULL,
    closed = CODA_ECLOSED,
};

namespace detail {
template <auto Method, class T>
void call_method(void *object) {
    (static_cast<T *>(object)->*Method)();
}
template <void (*F)()>
void call_plain(void *) {
    F();
}
} // namespace detail

class scoped_registration;
template <size_t Capacity>
class registry;

namespace detail {
// The core's view of a registry's storage; constexpr, so a static registry's view can
// be a constant itself (the C API and the ports use one, built at compile time).
struct access {
    template <size_t Capacity>
    static constexpr table<index_for<Capacity>> view(registry<Capacity> &r) noexcept {
        return {r.control_, r.claimers_, r.order_, r.meta_, r.fn_, r.arg_, static_cast<index_for<Capacity>>(Capacity)};
    }
};
} // namespace detail

template <size_t Capacity>
class registry {
    static_assert(Capacity >= 1 && Capacity <= 65535, "coda::registry holds 1 to 65535 entries");
    using index = detail::index_for<Capacity>;

public:
    constexpr registry() noexcept = default;
    registry(const registry &) = delete;
    registry &operator=(const registry &) = delete;

    // Registers fn(arg) for the given triggers, newest first at run time.
    [[nodiscard]] status add(coda_fn fn, void *arg = nullptr,
                             unsigned triggers = CODA_ON_GRACEFUL) noexcept {
        return static_cast<status>(detail::add(view(), fn, arg, triggers));
    }
    // Registers a call of (object.*Method)(); object must outlive the registration.
    template <auto Method, class T>
    [[nodiscard]] status add(T &object, unsigned triggers = CODA_ON_GRACEFUL) noexcept {
        return add(&detail::call_method<Method, T>, &object, triggers);
    }
    // Registers a plain void() function, no casts needed.
    template <void (*F)()>
    [[nodiscard]] status add(unsigned triggers = CODA_ON_GRACEFUL) noexcept {
        return add(&detail::call_plain<F>, nullptr, triggers);
    }

    // Removes every pending registration of fn, whatever its argument.
    size_t remove(coda_fn fn) noexcept { return detail::remove(view(), fn, nullptr, false); }
    // Removes the pending registrations of exactly (fn, arg).
    size_t remove(coda_fn fn, void *arg) noexcept { return detail::remove(view(), fn, arg, true); }
    // Removes the pending registrations of (object.*Method)().
    template <auto Method, class T>
    size_t remove(T &object) noexcept {
        return remove(&detail::call_method<Method, T>, &object);
    }
    // Removes the pending registrations of F added with add<F>().
    template <void (*F)()>
    size_t remove() noexcept {
        return remove(&detail::call_plain<F>);
    }

    // Runs the entries registered for `trigger` (exactly one bit), newest first.
    size_t run(unsigned trigger) noexcept { return detail::run(view(), trigger, nullptr, nullptr, nullptr); }
    // The same, asking budget(ctx) before each handler; report may be null.
    size_t run(unsigned trigger, coda_budget_fn budget, void *ctx, coda_report *report) noexcept {
        return detail::run(view(), trigger, budget, ctx, report);
    }

    size_t pending() const noexcept { return detail::pending(const_cast<registry *>(this)->view()); }
    // The pending entries that a run of trigger would take now (they hold that bit).
    size_t pending(unsigned trigger) const noexcept {
        return detail::pending_for(const_cast<registry *>(this)->view(), trigger);
    }
    static constexpr size_t capacity() noexcept { return Capacity; }
    // Drops every pending entry, runs none.
    void clear() noexcept { detail::clear(view()); }

    // Closes the registry: later add() calls return status::closed. The ports call it
    // when their exit path has run; a private registry may call it at its own end.
    void seal() noexcept { detail::seal(view()); }
    bool sealed() const noexcept { return detail::sealed(control_); }
    // An exit path's last run: runs trigger's entries, seals, then runs those whose
    // registration returned CODA_OK between the first run's last scan and the seal.
    size_t run_final(unsigned trigger) noexcept { return detail::run_final(view(), trigger); }

private:
    friend class scoped_registration;
    friend struct detail::access;

    constexpr detail::table<index> view() noexcept { return detail::access::view(*this); }
    static bool remove_owned(void *self, unsigned slot, coda_fn fn, void *arg, unsigned triggers) noexcept {
        return detail::remove_owned(static_cast<registry *>(self)->view(), slot, fn, arg, triggers);
    }

    // control first (the hot fields at the registry's own address, short encodings
    // on Cortex-M), the word-sized members last: at most 3 bytes of padding in all.
    detail::control<index> control_{};
    detail::atomic<index> order_[Capacity]{};
    detail::meta_byte meta_[Capacity]{};
    detail::claimer_count claimers_{};
    detail::fn_word fn_[Capacity]{};
    detail::arg_word arg_[Capacity]{};
};

// The registry behind the C API and the ports, sized by CODA_CAPACITY.
#ifndef CODA_CAPACITY
#error "CODA_CAPACITY is not defined: link the coda::coda CMake target, which defines it, or define it (1..65535) when compiling"
#endif
registry<CODA_CAPACITY> &global() noexcept;

// Move-only owner of one registration: its destructor removes the entry if it is still
// pending, and never another registration. Its identity is the slot its entry was
// published in (entries never move), checked against (fn, arg, triggers) and a mark
// that only guards' entries carry: an identical registration made with add() or the C
// API, older or newer, is never removed in its place. The one case it cannot tell
// apart, with no room left in 10 bytes per entry for a generation: its own entry ran
// or was removed, then ANOTHER guard published the identical (fn, arg, triggers) in
// the same slot while this guard still lives; destroying this guard removes that one.
//     coda::scoped_registration flush_guard(coda::global(), flush, &producer);
//     if (!flush_guard) { /* flush_guard.result() says why */ }
class scoped_registration {
public:
    scoped_registration() noexcept = default;
    template <size_t Capacity>
    scoped_registration(registry<Capacity> &owner, coda_fn fn, void *arg = nullptr,
                        unsigned triggers = CODA_ON_GRACEFUL) noexcept {
        const int slot = detail::add_owned(owner.view(), fn, arg, triggers);
        result_ = slot < 0 ? static_cast<status>(slot) : status::ok;
        if (slot >= 0) {
            owner_ = &owner;
            remove_ = &registry<Capacity>::remove_owned;
            slot_ = static_cast<unsigned>(slot);
            fn_ = fn;
            arg_ = arg;
            triggers_ = triggers;
        }
    }
    scoped_registration(scoped_registration &&other) noexcept { take(other); }
    scoped_registration &operator=(scoped_registration &&other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    scoped_registration(const scoped_registration &) = delete;
    scoped_registration &operator=(const scoped_registration &) = delete;
    ~scoped_registration() { reset(); }

    // The status of the registration this object made.
    status result() const noexcept { return result_; }
    // True while this object owns a registration.
    explicit operator bool() const noexcept { return owner_ != nullptr; }
    // Removes the entry now if it is still pending; returns 1 if it was.
    size_t reset() noexcept {
        const bool removed = owner_ != nullptr && remove_(owner_, slot_, fn_, arg_, triggers_);
        owner_ = nullptr;
        return removed ? 1u : 0u;
    }
    // Keeps the registration and forgets it: it will run with its triggers.
    void release() noexcept { owner_ = nullptr; }

private:
    void take(scoped_registration &other) noexcept {
        result_ = other.result_;
        owner_ = other.owner_;
        remove_ = other.remove_;
        slot_ = other.slot_;
        fn_ = other.fn_;
        arg_ = other.arg_;
        triggers_ = other.triggers_;
        other.owner_ = nullptr;
    }

    status result_ = status::invalid;
    void *owner_ = nullptr;
    bool (*remove_)(void *, unsigned, coda_fn, void *, unsigned) noexcept = nullptr;
    unsigned slot_ = 0;
    coda_fn fn_ = nullptr;
    void *arg_ = nullptr;
    unsigned triggers_ = 0;
};

} // namespace coda

#endif // CODA_REGISTRY_HPP
