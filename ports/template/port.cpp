// port.cpp - the template's compare-exchange: the one primitive of the core's port
// contract (src/port.hpp) that depends on the CPU. registered(), small_code and invoke()
// are the bare-metal runtime's (ports/baremetal/port_calls.hpp, inline).
//
// What a port must give: for bytes, halfwords and words, "if obj == expected then obj =
// desired", atomically against every interrupt and every other context that calls coda
// (NMI included), returning the value obj held. Ordered as port_memory.hpp says.
//   - A CPU with exclusive or LR/SC instructions for each width, or whose __atomic builtins are
//     lock-free for them: ports/baremetal/compare_exchange_lock_free.inc, as below (check
//     the compiler emits no call to __atomic_compare_exchange_N: with no libatomic the
//     link fails).
//   - A CPU without them (ARMv6-M, rv32 without the A extension): a short sequence with
//     interrupts masked, made restartable for the NMI, as ports/cortex-m/port.cpp and
//     nmi.cpp do (ports/riscv/port.cpp for bytes and halfwords). Not LR/SC on the aligned
//     word around a byte: coda stores some neighbouring bytes plainly, and that store
//     need not fail the SC (docs/riscv.md).
#include "port.hpp"

// A CPU whose __atomic builtins are lock-free and inline for the three widths: the shared
// definitions. Otherwise replace this line by your own three overloads.
#include "compare_exchange_lock_free.inc"
