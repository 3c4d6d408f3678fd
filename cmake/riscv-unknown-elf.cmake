# riscv-unknown-elf.cmake - toolchain file for bare-metal RV32 with GCC and picolibc
# (Debian: gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf; the compiler builds
# RV32 code and picolibc ships RV32 multilibs). No C++ library comes with it: coda's
# core and runtime need none (docs/porting.md).
#
#   cmake -S . -B build/rv32 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/riscv-unknown-elf.cmake -DCODA_CPU=rv32imac
#
# CODA_CPU is a -march= value with the A extension (rv32imac, rv32ia, ...), with the
# ILP32 ABI; it must name one of the compiler's multilibs (riscv64-unknown-elf-gcc
# -print-multi-lib), so that the link takes picolibc's matching build.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

find_program(CODA_RISCV_GCC NAMES riscv64-unknown-elf-gcc riscv32-unknown-elf-gcc)
find_program(CODA_RISCV_GXX NAMES riscv64-unknown-elf-g++ riscv32-unknown-elf-g++)
if(NOT CODA_RISCV_GCC OR NOT CODA_RISCV_GXX)
    message(FATAL_ERROR "riscv64-unknown-elf-gcc/g++ not found (Debian: apt-get install "
                        "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf)")
endif()
set(CMAKE_C_COMPILER "${CODA_RISCV_GCC}")
set(CMAKE_CXX_COMPILER "${CODA_RISCV_GXX}")
set(CMAKE_ASM_COMPILER "${CODA_RISCV_GCC}")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CODA_CPU rv32imac CACHE STRING "RV32 instruction set to compile for (-march=), with the A extension")
if(NOT CODA_CPU MATCHES "^rv32([a-z0-9_]*a[a-z0-9_]*|g[a-z0-9_]*)$")  # g includes a
    message(FATAL_ERROR "CODA_CPU must be an RV32 -march= value with the A extension, such as rv32imac, not '${CODA_CPU}'")
endif()
# Directory options, as in arm-none-eabi.cmake: every compile and link, whatever a preset
# sets in CMAKE_<LANG>_FLAGS. picolibc.specs: its headers (there is no other C library
# here) and, at the link, its libc.
get_property(_coda_cpu_added DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED)
if(NOT _coda_cpu_added)
    set_property(DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED TRUE)
    add_compile_options(-march=${CODA_CPU} -mabi=ilp32 --specs=picolibc.specs)
    add_link_options(-march=${CODA_CPU} -mabi=ilp32 --specs=picolibc.specs)
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CODA_CPU)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
