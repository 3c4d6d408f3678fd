// port.cpp - the hosted POSIX port: calling handlers that may throw (port_calls.hpp holds the inline calls).
#include <dlfcn.h>
#include <unistd.h>
#if defined(__ELF__)
#include <link.h>
#endif

#include <cxxabi.h>

#include <cstring>
#include <exception>

#include "port.hpp"
#include "posix_port.hpp"

namespace coda::port {

namespace {

void put(const char *text) noexcept {
    // write(2), not stdio: this may run in a signal handler.
    for (std::size_t left = std::strlen(text); left > 0;) {
        const ssize_t wrote = ::write(STDERR_FILENO, text, left);
        if (wrote <= 0) return;
        text += wrote;
        left -= static_cast<std::size_t>(wrote);
    }
}

// "0x" and the hex digits of value: all of them (an address), or without leading zeros.
void put_hex(std::uintptr_t value, bool all_digits) noexcept {
    constexpr std::size_t width = 2 * sizeof value;
    char digits[2 + width + 1] = "0x";
    std::size_t n = 2;
    for (std::size_t i = 0; i < width; ++i) {
        const unsigned digit = (value >> (4 * (width - 1 - i))) & 0xFu;
        if (all_digits || digit != 0 || n > 2 || i == width - 1) digits[n++] = "0123456789abcdef"[digit];
    }
    digits[n] = '\0';
    put(digits);
}

// What to subtract from a run-time address in the module whose first mapping starts at
// base (dladdr's dli_fbase) to get the address nm and addr2line show: the load bias,
// read from the ELF headers mapped there (0 for a non-PIE executable), else base itself.
// Reads memory only: async-signal-safe.
std::uintptr_t link_base(const void *base) noexcept {
    const auto start = reinterpret_cast<std::uintptr_t>(base);
#if defined(__ELF__)
    const auto *header = static_cast<const ElfW(Ehdr) *>(base);
    constexpr std::size_t first_page = 4096;  // the smallest page: mapped whole at base
    if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_phentsize != sizeof(ElfW(Phdr)) ||
        header->e_phoff + std::size_t{header->e_phnum} * sizeof(ElfW(Phdr)) > first_page) {
        return start;
    }
    const auto *segments = reinterpret_cast<const ElfW(Phdr) *>(start + header->e_phoff);
    for (std::size_t i = 0; i < header->e_phnum; ++i) {
        // The first loaded segment holds this header (file offset p_offset, below one page).
        if (segments[i].p_type == PT_LOAD) return start - (segments[i].p_vaddr - segments[i].p_offset);
    }
#endif
    return start;
}

// One line naming the handler: "coda: handler NAME (0xADDR) threw: WHAT". NAME is its
// dynamic symbol, else (internal linkage, no -rdynamic) "MODULE(+0xOFFSET)" as in
// backtrace_symbols: the file and the address there that nm and addr2line show.
void report_failure(coda_fn fn, const char *what) noexcept {
    Dl_info info{};
    void *address = nullptr;
    static_assert(sizeof address == sizeof fn, "function and data pointers differ in size");
    std::memcpy(&address, &fn, sizeof address);
    const bool found = ::dladdr(address, &info) != 0;
    put("coda: handler ");
    if (found && info.dli_sname != nullptr) {
        put(info.dli_sname);
    } else if (found && info.dli_fbase != nullptr) {
        put(info.dli_fname != nullptr && info.dli_fname[0] != '\0' ? info.dli_fname : "?");
        put("(+");
        put_hex(reinterpret_cast<std::uintptr_t>(address) - link_base(info.dli_fbase), false);
        put(")");
    } else {
        put("?");
    }
    put(" (");
    put_hex(reinterpret_cast<std::uintptr_t>(address), true);
    put(") threw: ");
    put(what);
    put("\n");
}

} // namespace

// no_sanitize("null"): a forced unwind has no object, and GCC's UBSan calls binding the
// catch reference to it a null reference (it is how the ABI catches one).
__attribute__((no_sanitize("null"))) bool call_handler(coda_fn fn, void *arg) {
    try {
        fn(arg);
        return true;
    } catch (abi::__forced_unwind &) {
        throw;  // pthread_exit or cancellation: the thread is ending; swallowing it aborts
    } catch (const std::exception &error) {
        report_failure(fn, error.what());
    } catch (...) {
        report_failure(fn, "an exception not derived from std::exception");
    }
    return false;
}

} // namespace coda::port
