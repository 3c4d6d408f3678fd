// table.cpp - the core for every registry<N>: src/table_impl.hpp compiled for the two
// index types (8 bits up to 255 entries, 16 bits beyond).
#include "table_impl.hpp"

namespace coda::detail {

template <class Index>
int add(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    return impl::add(t, fn, arg, triggers);
}

template <class Index>
size_t remove(const table<Index> &t, coda_fn fn, void *arg, bool match_arg) noexcept {
    return impl::remove(t, fn, arg, match_arg);
}

template <class Index>
int add_owned(const table<Index> &t, coda_fn fn, void *arg, unsigned triggers) noexcept {
    return impl::add_owned(t, fn, arg, triggers);
}

template <class Index>
bool remove_owned(const table<Index> &t, unsigned slot, coda_fn fn, void *arg, unsigned triggers) noexcept {
    return impl::remove_owned(t, slot, fn, arg, triggers);
}

template <class Index>
size_t run(const table<Index> &t, unsigned trigger, coda_budget_fn budget, void *ctx,
                coda_report *report) noexcept {
    const table<Index> view = t;  // a copy: its fields stay in registers across the atomics
    return impl::run(view, trigger, budget, ctx, report);
}

template <class Index>
size_t run_final(const table<Index> &t, unsigned trigger) noexcept {
    return impl::run_final(
        trigger, [&t](unsigned which) { return detail::run(t, which, nullptr, nullptr, nullptr); },
        [&t] { detail::seal(t); });
}

template <class Index>
bool trim_unshared(const table<Index> &t) noexcept {
    return impl::trim_unshared(t);
}

template <class Index>
size_t run_unshared(const table<Index> &t, unsigned trigger) noexcept {
    return impl::run_unshared(t, trigger);
}

template <class Index>
size_t pending(const table<Index> &t) noexcept {
    return impl::pending(t);
}

template <class Index>
size_t pending_for(const table<Index> &t, unsigned trigger) noexcept {
    return impl::count_due(t, trigger);
}

// A removal of every entry: one copy of the removal's code serves both.
template <class Index>
void clear(const table<Index> &t) noexcept {
    static constexpr impl::pattern every{0, 0, 0, 0};
    (void)impl::remove(t, every);
}

template <class Index>
void seal(const table<Index> &t) noexcept {
    impl::seal(t);
}

template <class Index>
bool sealed(const control<Index> &ctl) noexcept {
    return impl::sealed(ctl);
}

template <class Index>
void recover_orphans(const table<Index> &t, uint8_t *seen) noexcept {
    impl::recover_orphans(t, seen);
}

// The two index types: 8 bits up to 255 entries, 16 bits beyond.
template int add<uint8_t>(const table<uint8_t> &, coda_fn, void *, unsigned) noexcept;
template size_t remove<uint8_t>(const table<uint8_t> &, coda_fn, void *, bool) noexcept;
template int add_owned<uint8_t>(const table<uint8_t> &, coda_fn, void *, unsigned) noexcept;
template bool remove_owned<uint8_t>(const table<uint8_t> &, unsigned, coda_fn, void *, unsigned) noexcept;
template size_t run<uint8_t>(const table<uint8_t> &, unsigned, coda_budget_fn, void *,
                                       coda_report *) noexcept;
template size_t run_final<uint8_t>(const table<uint8_t> &, unsigned) noexcept;
template bool trim_unshared<uint8_t>(const table<uint8_t> &) noexcept;
template size_t run_unshared<uint8_t>(const table<uint8_t> &, unsigned) noexcept;
template size_t pending<uint8_t>(const table<uint8_t> &) noexcept;
template size_t pending_for<uint8_t>(const table<uint8_t> &, unsigned) noexcept;
template void clear<uint8_t>(const table<uint8_t> &) noexcept;
template void seal<uint8_t>(const table<uint8_t> &) noexcept;
template bool sealed<uint8_t>(const control<uint8_t> &) noexcept;
template void recover_orphans<uint8_t>(const table<uint8_t> &, uint8_t *) noexcept;

template int add<uint16_t>(const table<uint16_t> &, coda_fn, void *, unsigned) noexcept;
template size_t remove<uint16_t>(const table<uint16_t> &, coda_fn, void *, bool) noexcept;
template int add_owned<uint16_t>(const table<uint16_t> &, coda_fn, void *, unsigned) noexcept;
template bool remove_owned<uint16_t>(const table<uint16_t> &, unsigned, coda_fn, void *, unsigned) noexcept;
template size_t run<uint16_t>(const table<uint16_t> &, unsigned, coda_budget_fn, void *,
                                        coda_report *) noexcept;
template size_t run_final<uint16_t>(const table<uint16_t> &, unsigned) noexcept;
template bool trim_unshared<uint16_t>(const table<uint16_t> &) noexcept;
template size_t run_unshared<uint16_t>(const table<uint16_t> &, unsigned) noexcept;
template size_t pending<uint16_t>(const table<uint16_t> &) noexcept;
template size_t pending_for<uint16_t>(const table<uint16_t> &, unsigned) noexcept;
template void clear<uint16_t>(const table<uint16_t> &) noexcept;
template void seal<uint16_t>(const table<uint16_t> &) noexcept;
template bool sealed<uint16_t>(const control<uint16_t> &) noexcept;
template void recover_orphans<uint16_t>(const table<uint16_t> &, uint8_t *) noexcept;

} // namespace coda::detail
