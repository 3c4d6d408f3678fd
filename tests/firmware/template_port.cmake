# template_port.cmake - a port made from ports/template runs, included by CMakeLists.txt:
# the core and the bare-metal runtime built on the template (coda_template, tests/ports),
# linked into exit_lifo (with
# the plain NMI vector: coda_nmi_entry is Cortex-M's), whose output is checked under QEMU
# as with the Cortex-M port. Where the __atomic builtins' byte compare-exchange is inline (ARMv7-M,
# ARMv8-M): on ARMv6-M it is a call to __atomic_compare_exchange_1, which no library
# provides (the template says so); tests/ports still builds the library there.
if(NOT CODA_CPU MATCHES "^cortex-m0")
    coda_firmware_image(fw_exit_lifo_template SOURCES ${_fw}/src/exit_lifo.c CODA coda_template DEFINES BOARD_PLAIN_NMI)
    coda_firmware_run(exit_lifo_template EXPECT ${_fw}/expected/exit_lifo.txt EXIT 42)
endif()
