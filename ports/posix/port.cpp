// port.cpp - the hosted POSIX port's primitives: std::atomic, and handlers that throw.
#include <dlfcn.h>
#include <unistd.h>

#include <cstring>
#include <exception>

#include "port.hpp"

namespace coda::port {

std::uint8_t compare_exchange(std::atomic<std::uint8_t> &obj, std::uint8_t expected, std::uint8_t desired) noexcept {
    return std_compare_exchange(obj, expected, desired);
}

std::uint16_t compare_exchange(std::atomic<std::uint16_t> &obj, std::uint16_t expected,
                               std::uint16_t desired) noexcept {
    return std_compare_exchange(obj, expected, desired);
}

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

void put_hex(const void *address) noexcept {
    char digits[2 + 2 * sizeof(void *) + 1] = "0x";
    auto value = reinterpret_cast<std::uintptr_t>(address);
    for (std::size_t i = 0; i < 2 * sizeof(void *); ++i) {
        digits[2 + i] = "0123456789abcdef"[(value >> (4 * (2 * sizeof(void *) - 1 - i))) & 0xFu];
    }
    digits[sizeof digits - 1] = '\0';
    put(digits);
}

// One line naming the handler: "coda: handler NAME (0xADDR) threw: WHAT".
void report_failure(coda_fn fn, const char *what) noexcept {
    Dl_info info{};
    void *address = nullptr;
    static_assert(sizeof address == sizeof fn, "function and data pointers differ in size");
    std::memcpy(&address, &fn, sizeof address);
    const bool named = ::dladdr(address, &info) != 0 && info.dli_sname != nullptr;
    put("coda: handler ");
    put(named ? info.dli_sname : "?");
    put(" (");
    put_hex(address);
    put(") threw: ");
    put(what);
    put("\n");
}

} // namespace

bool invoke(coda_fn fn, void *arg) noexcept {
    try {
        fn(arg);
        return true;
    } catch (const std::exception &error) {
        report_failure(fn, error.what());
    } catch (...) {
        report_failure(fn, "an exception not derived from std::exception");
    }
    return false;
}

} // namespace coda::port
