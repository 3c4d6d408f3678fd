# clang-arm-none-eabi.cmake - cross-compiling coda for Cortex-M with clang and lld, on the
# GNU Arm toolchain's C library (Debian: clang, lld, gcc-arm-none-eabi,
# libnewlib-arm-none-eabi):
#   cmake -B build/m3-clang -DCMAKE_TOOLCHAIN_FILE=cmake/clang-arm-none-eabi.cmake -DCODA_CPU=cortex-m3
# clang compiles for the CPU's Thumb target with the ABI of arm-none-eabi-gcc's libraries
# (-fshort-enums: GCC's arm-none-eabi enums are as small as their values; objects that
# disagree make the linker warn), and every link takes the C library gcc would
# (newlib-nano by default, CODA_CLANG_LIBC_SPECS) with gcc's libgcc, through ld.lld.
# A firmware links with -nostartfiles (its own startup), as with gcc. CODA_CPU picks
# -mcpu and the target: cortex-m0/m0plus (thumbv6m), m3 (thumbv7m), m4/m7 (thumbv7em),
# m23 (thumbv8m.base), m33 (thumbv8m.main).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CODA_CPU cortex-m3 CACHE STRING "Cortex-M core to compile for (-mcpu=)")
set(CODA_CLANG_LIBC_SPECS --specs=nano.specs CACHE STRING
    "The arm-none-eabi-gcc specs option of the C library every link takes (--specs=picolibc.specs, or empty for full newlib)")
set(_coda_targets cortex-m0=thumbv6m cortex-m0plus=thumbv6m cortex-m1=thumbv6m cortex-m3=thumbv7m
    cortex-m4=thumbv7em cortex-m7=thumbv7em cortex-m23=thumbv8m.base cortex-m33=thumbv8m.main)
set(_coda_target "")
foreach(pair IN LISTS _coda_targets)
    if(pair MATCHES "^${CODA_CPU}=(.+)$")
        set(_coda_target ${CMAKE_MATCH_1}-none-eabi)
    endif()
endforeach()
if(NOT _coda_target)
    message(FATAL_ERROR "clang-arm-none-eabi.cmake: no clang target for CODA_CPU '${CODA_CPU}'")
endif()

find_program(CODA_CLANG NAMES clang clang-19 clang-16 clang-14)
find_program(CODA_CLANGXX NAMES clang++ clang++-19 clang++-16 clang++-14)
find_program(CODA_LLD NAMES ld.lld ld.lld-19 ld.lld-16 ld.lld-14)
find_program(CODA_ARM_GCC arm-none-eabi-gcc)  # its C libraries and libgcc
if(NOT CODA_CLANG OR NOT CODA_CLANGXX OR NOT CODA_LLD OR NOT CODA_ARM_GCC)
    message(FATAL_ERROR "clang, lld and arm-none-eabi-gcc are needed (Debian: apt-get install clang lld "
                        "gcc-arm-none-eabi libnewlib-arm-none-eabi)")
endif()
set(CMAKE_C_COMPILER "${CODA_CLANG}")
set(CMAKE_CXX_COMPILER "${CODA_CLANGXX}")
set(CMAKE_ASM_COMPILER "${CODA_CLANG}")
set(CMAKE_C_COMPILER_TARGET ${_coda_target})
set(CMAKE_CXX_COMPILER_TARGET ${_coda_target})
set(CMAKE_ASM_COMPILER_TARGET ${_coda_target})
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The GNU Arm binutils for archives and listings (the size tests read them).
foreach(tool AR RANLIB NM OBJDUMP SIZE)
    string(TOLOWER ${tool} name)
    find_program(CMAKE_${tool} arm-none-eabi-${name})
endforeach()

get_property(_coda_cpu_added DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED)
if(NOT _coda_cpu_added)
    set_property(DIRECTORY PROPERTY CODA_CPU_OPTIONS_ADDED TRUE)
    # -nostdlibinc: clang's own builtin headers, the C library's from gcc below.
    add_compile_options(-mcpu=${CODA_CPU} -mthumb -mfloat-abi=soft -fshort-enums -nostdlibinc)
    if(_coda_target MATCHES "^thumbv6m")
        # ARMv6-M has no exclusive access: clang turns every atomic access into a call
        # (__atomic_load_1, ...) and warns about each; the Cortex-M port defines those
        # calls as the plain accesses they are on one core.
        add_compile_options(-Wno-atomic-alignment)
    endif()
    add_link_options(-mcpu=${CODA_CPU} -mthumb -mfloat-abi=soft -fuse-ld=lld -nostdlib)
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CODA_CPU CODA_CLANG_LIBC_SPECS)

# The C library and libgcc, as arm-none-eabi-gcc would take them for this CPU.
include(${CMAKE_CURRENT_LIST_DIR}/CodaGccLibc.cmake)
foreach(lang C CXX)
    coda_gcc_libc(${CODA_ARM_GCC} ${lang} _coda_libc -mcpu=${CODA_CPU} -mthumb ${CODA_CLANG_LIBC_SPECS})
    set(CMAKE_${lang}_STANDARD_INCLUDE_DIRECTORIES ${_coda_libc_INCLUDES})
    list(JOIN _coda_libc_LIBS " " CMAKE_${lang}_STANDARD_LIBRARIES)
endforeach()

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
