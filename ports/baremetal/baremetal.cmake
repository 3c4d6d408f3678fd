# baremetal.cmake - the bare-metal runtime, whatever the CPU: the exit hooks, coda_reset,
# coda_brownout and the .noinit report, the reset cause, and (CODA_REPLACE_LIBC_ATEXIT)
# the C library's atexit family on coda's table (include/coda/firmware.h). A CPU folder
# (ports/cortex-m) includes this file and adds its own: the compare-exchange
# (src/port.hpp), port_memory.hpp, cpu.hpp (interrupt masking, the system reset request)
# and whatever else only that CPU has (the Cortex-M NMI entry).
option(CODA_REPLACE_LIBC_ATEXIT
       "atexit, __cxa_atexit, __aeabi_atexit, at_quick_exit (static destructors too) use coda's table; the C library's atexit code is not linked"
       ON)
option(CODA_LIBC_ATEXIT_ON_RESET
       "With CODA_REPLACE_LIBC_ATEXIT: atexit handlers and static destructors also run on coda_reset()" OFF)
set(CODA_LIBC_ATEXIT table CACHE STRING
    "With CODA_REPLACE_LIBC_ATEXIT: the C library's registrations are stored on coda's table (table), accepted and dropped (discard) or refused (refuse); the last two are counted")
set_property(CACHE CODA_LIBC_ATEXIT PROPERTY STRINGS table discard refuse)
if(NOT CODA_LIBC_ATEXIT MATCHES "^(table|discard|refuse)$")
    message(FATAL_ERROR "CODA_LIBC_ATEXIT is '${CODA_LIBC_ATEXIT}': table, discard or refuse")
endif()
set(CODA_ON_EXIT_FUNCTIONS 4 CACHE STRING
    "With CODA_REPLACE_LIBC_ATEXIT: how many distinct functions on_exit can register (one word of RAM each)")

# coda_add_baremetal_runtime(<target> <cpu_dir> <replace_libc_atexit> <on_reset> <policy>):
# the runtime's sources, include folders and link options on a static library holding
# the core; cpu_dir is the CPU folder, whose headers the runtime and the core include.
function(coda_add_baremetal_runtime target cpu_dir replace_libc_atexit on_reset policy)
    set(_dir ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
    target_sources(${target} PRIVATE ${_dir}/reset.cpp ${_dir}/report_record.cpp ${_dir}/exit_path.cpp)
    target_include_directories(${target} PRIVATE ${_dir}/../../src ${_dir} ${cpu_dir})
    target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti -ffreestanding)
    # The port's own sources include the core's headers: C++20, as the core (users need 17).
    set_target_properties(${target} PROPERTIES CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON)
    coda_set_warnings(${target})
    # One section per function and object, so that an application's --gc-sections
    # keeps only the coda functions it uses.
    target_compile_options(${target} PRIVATE -ffunction-sections -fdata-sections)
    if(replace_libc_atexit)
        # libc_atexit.cpp before libc_on_exit.cpp: --undefined=__call_exitprocs loads the
        # first archive member that defines it, the weak one without on_exit's status
        # record; libc_on_exit.o's strong one replaces it only where on_exit is linked.
        target_sources(${target} PRIVATE ${_dir}/libc_atexit.cpp ${_dir}/libc_quick_exit.cpp
                                         ${_dir}/libc_on_exit.cpp)
        target_compile_definitions(${target} PUBLIC CODA_REPLACE_LIBC_ATEXIT=1
                                   PRIVATE CODA_LIBC_ATEXIT_POLICY=${policy}
                                           CODA_ON_EXIT_FUNCTIONS=${CODA_ON_EXIT_FUNCTIONS})
        if(on_reset)
            target_compile_definitions(${target} PRIVATE "CODA_LIBC_ATEXIT_TRIGGERS=(CODA_ON_EXIT|CODA_ON_RESET)")
        endif()
        # exit() calls __call_exitprocs, coda's exit path here. Asking for it up front
        # loads libc_atexit.o before the C library is searched (newlib-nano's exit only
        # refers to it weakly; full newlib's would pull its own): the C library's atexit
        # objects are then never linked.
        target_link_options(${target} INTERFACE "LINKER:--undefined=__call_exitprocs")
    else()
        # exit() runs the CODA_ON_EXIT entries through a wrap of the C library's exit.
        target_link_options(${target} INTERFACE "LINKER:--wrap=exit")
    endif()
endfunction()

# coda_add_firmware_port(<target> <replace_libc_atexit> <on_reset> <policy>): the port on
# a static library holding the core: this runtime and the CPU folder's own sources
# (coda_cpu_port). coda::coda is one; the firmware tests build variants with other
# option values to compare.
function(coda_add_firmware_port target replace_libc_atexit on_reset policy)
    get_property(cpu_dir GLOBAL PROPERTY CODA_CPU_PORT_DIR)
    get_property(cpu_sources GLOBAL PROPERTY CODA_CPU_PORT_SOURCES)
    coda_add_baremetal_runtime(${target} ${cpu_dir} ${replace_libc_atexit} ${on_reset} ${policy})
    target_sources(${target} PRIVATE ${cpu_sources})
endfunction()

# coda_cpu_port(SOURCES <source>... [MASK <regex> UNMASK <regex>] [MASKED_AT_MOST <n>]):
# what a CPU folder's CMakeLists.txt calls after including this file: names its sources
# (relative to the folder) and puts the port on coda::coda. For the size test
# (tests/firmware/size/size_report.cmake): the disassembly (objdump -d, tabs as spaces)
# of the instruction that masks interrupts and of the one that restores them, and how
# many instructions the port may keep them masked (docs/semantics.md section 9); a port
# that never masks gives no regexes and 0.
function(coda_cpu_port)
    cmake_parse_arguments(PARSE_ARGV 0 P "" "MASK;UNMASK;MASKED_AT_MOST" "SOURCES")
    set(sources ${P_SOURCES})
    list(TRANSFORM sources PREPEND ${CMAKE_CURRENT_LIST_DIR}/)  # the calling folder's
    if(NOT DEFINED P_MASKED_AT_MOST)
        set(P_MASKED_AT_MOST 0)
    endif()
    set_property(GLOBAL PROPERTY CODA_CPU_PORT_DIR ${CMAKE_CURRENT_LIST_DIR})
    set_property(GLOBAL PROPERTY CODA_CPU_PORT_SOURCES ${sources})
    set_property(GLOBAL PROPERTY CODA_CPU_PORT_MASK "${P_MASK}")
    set_property(GLOBAL PROPERTY CODA_CPU_PORT_UNMASK "${P_UNMASK}")
    set_property(GLOBAL PROPERTY CODA_CPU_PORT_MASKED_AT_MOST ${P_MASKED_AT_MOST})
    coda_add_firmware_port(coda ${CODA_REPLACE_LIBC_ATEXIT} ${CODA_LIBC_ATEXIT_ON_RESET} ${CODA_LIBC_ATEXIT})
    target_compile_options(coda_core PRIVATE -ffunction-sections -fdata-sections)
endfunction()
