# check_no_cxx_library.cmake - the core, the public headers and the bare-metal runtime
# compile with no library header at all, only the compiler's own <stdint.h> and
# <stddef.h> (a toolchain may ship nothing else, as Debian's riscv64-unknown-elf GCC).
# Each file is compiled (-fsyntax-only) against the template port with -nostdinc and the
# compiler's include directory: any #include of a C++ or C library header (<atomic>,
# <cstdint>, <string.h>...) fails it. First, a file that includes <atomic> must fail the
# same way, or the check would prove nothing.
#
#   cmake -DCXX=<compiler> -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P check_no_cxx_library.cmake
foreach(var CXX SOURCE_DIR WORK_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_no_cxx_library.cmake: ${var} is not set")
    endif()
endforeach()
file(MAKE_DIRECTORY ${WORK_DIR})
# Only the compiler's own headers: -nostdinc, then its include directory (GCC's
# -print-file-name=include, clang's resource directory), so a libc header fails too.
execute_process(COMMAND ${CXX} -print-file-name=include OUTPUT_VARIABLE own OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT IS_ABSOLUTE "${own}")
    execute_process(COMMAND ${CXX} -print-resource-dir OUTPUT_VARIABLE resources OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(own "${resources}/include")
endif()
if(NOT EXISTS "${own}/stdint.h")
    message(FATAL_ERROR "no compiler include directory with stdint.h found for ${CXX} ('${own}')")
endif()
set(flags -std=c++20 -fsyntax-only -nostdinc -isystem ${own} -ffreestanding -fno-exceptions -fno-rtti
          -Wall -Wextra -Werror -DCODA_CAPACITY=32 -DCODA_TEMPLATE_AS_IS
          -I${SOURCE_DIR}/include -I${SOURCE_DIR}/src -I${SOURCE_DIR}/ports/template
          -I${SOURCE_DIR}/ports/baremetal)
# 32-bit code where the compiler makes it (x86-64: -m32), as on the CPUs the bare-metal
# runtime is for (libc_on_exit.cpp binds functions as 32-bit words).
file(WRITE ${WORK_DIR}/empty.cpp "")
execute_process(COMMAND ${CXX} ${flags} -m32 ${WORK_DIR}/empty.cpp RESULT_VARIABLE m32 OUTPUT_QUIET ERROR_QUIET)
set(bits 64)
if(m32 EQUAL 0)
    list(APPEND flags -m32)
    set(bits 32)
endif()

function(compile source out_result out_text)
    execute_process(COMMAND ${CXX} ${flags} ${source} RESULT_VARIABLE result OUTPUT_VARIABLE text
                    ERROR_VARIABLE text)
    set(${out_result} ${result} PARENT_SCOPE)
    set(${out_text} "${text}" PARENT_SCOPE)
endfunction()

file(WRITE ${WORK_DIR}/includes_atomic.cpp "#include <atomic>\n")
compile(${WORK_DIR}/includes_atomic.cpp result text)
if(result EQUAL 0)
    message(FATAL_ERROR "<atomic> is still found: this check would prove nothing")
endif()

file(WRITE ${WORK_DIR}/public_headers.cpp
     "#include \"coda/registry.hpp\"\n#include \"coda/firmware.h\"\n#include \"coda/cortex_m.h\"\n"
     "coda::registry<8> probe_registry;\n")
file(GLOB core ${SOURCE_DIR}/src/*.cpp)
file(GLOB runtime ${SOURCE_DIR}/ports/baremetal/*.cpp)
# Binds each on_exit function as a 32-bit word (its own static_assert): a 32-bit CPU's file.
if(bits EQUAL 64)
    list(FILTER runtime EXCLUDE REGEX "libc_on_exit\\.cpp$")
endif()
set(failed "")
set(count 0)
foreach(source ${WORK_DIR}/public_headers.cpp ${core} ${runtime} ${SOURCE_DIR}/ports/template/port.cpp)
    compile(${source} result text)
    math(EXPR count "${count} + 1")
    if(NOT result EQUAL 0)
        string(APPEND failed "${source}:\n${text}\n")
    endif()
endforeach()
if(failed)
    message(FATAL_ERROR "needs a C++ library header (or fails to compile without one):\n${failed}")
endif()
message("${count} files compiled with only ${own} (${bits}-bit): the public headers, the core, the bare-metal runtime, the template port")
