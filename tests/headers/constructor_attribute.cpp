// constructor_attribute.cpp - a start-up function with no _GLOBAL__sub_I_ symbol, only
// an .init_array entry (test-only, never linked): headers.init_array_is_detected passes
// only if the checker reports it, so both of its detectors are shown to work.
namespace {
int counter;
__attribute__((constructor)) void start_up() { ++counter; }
} // namespace
int read_counter() { return counter; }
