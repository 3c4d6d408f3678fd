# arm-none-eabi.cmake - toolchain file for bare-metal Arm Cortex-M with the GNU Arm
# Embedded toolchain (Debian: gcc-arm-none-eabi, libnewlib-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib; or Arm's own release on PATH).
#
#   cmake -S . -B build/m0plus -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake -DCODA_CPU=cortex-m0plus
#
# CODA_CPU is any -mcpu= value the compiler knows (cortex-m0, cortex-m0plus, cortex-m3,
# cortex-m4, cortex-m7, cortex-m33, ...); it selects the instruction set and, through
# GCC's multilib, the matching newlib and libstdc++. Floating-point ABI flags
# (-mfloat-abi=hard -mfpu=...) are not set here: add them to CMAKE_C_FLAGS /
# CMAKE_CXX_FLAGS (a preset) when the application wants them.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

# Compilers: arm-none-eabi-gcc/g++ from PATH (or from CODA_ARM_TOOLCHAIN_DIR/bin).
set(CODA_ARM_TOOLCHAIN_DIR "" CACHE PATH "Root of the arm-none-eabi toolchain (empty: search PATH)")
set(_coda_arm_hints)
if(CODA_ARM_TOOLCHAIN_DIR)
    list(APPEND _coda_arm_hints "${CODA_ARM_TOOLCHAIN_DIR}/bin")
endif()
find_program(CODA_ARM_GCC arm-none-eabi-gcc HINTS ${_coda_arm_hints})
find_program(CODA_ARM_GXX arm-none-eabi-g++ HINTS ${_coda_arm_hints})
if(NOT CODA_ARM_GCC OR NOT CODA_ARM_GXX)
    message(FATAL_ERROR
        "arm-none-eabi-gcc/g++ not found. Install the GNU Arm Embedded toolchain "
        "(Debian/Ubuntu: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi "
        "libstdc++-arm-none-eabi-newlib) or set CODA_ARM_TOOLCHAIN_DIR.")
endif()
set(CMAKE_C_COMPILER "${CODA_ARM_GCC}")
set(CMAKE_CXX_COMPILER "${CODA_ARM_GXX}")
set(CMAKE_ASM_COMPILER "${CODA_ARM_GCC}")

# No host-style executables to link while probing the compiler: there is no startup
# code or linker script yet.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# The CPU. The flags are directory options of the top-level project rather than
# CMAKE_<LANG>_FLAGS_INIT, so that a CMAKE_C_FLAGS / CMAKE_CXX_FLAGS given on the command
# line or by a preset (say -DCMAKE_CXX_FLAGS=) cannot drop them, and so that changing
# CODA_CPU in an existing build tree takes effect. They reach every C, C++ and ASM
# compile and every link (the link needs them to pick newlib's matching multilib).
set(CODA_CPU cortex-m3 CACHE STRING
    "Cortex-M core to compile for (-mcpu=): cortex-m0, cortex-m0plus, cortex-m3, cortex-m4, cortex-m33, ...")
if(NOT CODA_CPU MATCHES "^[a-z0-9.+-]+$")
    message(FATAL_ERROR "CODA_CPU must be a -mcpu= value such as cortex-m3, not '${CODA_CPU}'")
endif()
# This file is read more than once per configure: add the options once.
get_property(_coda_cpu_added DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED)
if(NOT _coda_cpu_added)
    set_property(DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED TRUE)
    add_compile_options(-mcpu=${CODA_CPU} -mthumb)
    add_link_options(-mcpu=${CODA_CPU} -mthumb)
endif()
# try_compile projects (check_*, compiler probes) read this file again: same CPU.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CODA_CPU CODA_ARM_TOOLCHAIN_DIR)

# Look for libraries, headers and packages in the toolchain's target tree only (never
# the host's /usr/lib), programs on the host. The target tree is where the compiler's
# own libc.a lives: <root>/arm-none-eabi (Arm releases) or /usr/lib/arm-none-eabi (Debian).
execute_process(COMMAND "${CODA_ARM_GCC}" -print-file-name=libc.a
                OUTPUT_VARIABLE _coda_arm_libc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(IS_ABSOLUTE "${_coda_arm_libc}" AND EXISTS "${_coda_arm_libc}")
    get_filename_component(_coda_arm_libc "${_coda_arm_libc}" REALPATH)
    get_filename_component(_coda_arm_target_root "${_coda_arm_libc}" DIRECTORY)       # .../lib
    get_filename_component(_coda_arm_target_root "${_coda_arm_target_root}" DIRECTORY) # .../arm-none-eabi
    list(APPEND CMAKE_FIND_ROOT_PATH "${_coda_arm_target_root}")
    list(REMOVE_DUPLICATES CMAKE_FIND_ROOT_PATH)
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
