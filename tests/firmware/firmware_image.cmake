# firmware_image.cmake - the QEMU board of CODA_CPU (cmake/boards.txt) and the function
# that builds one bare-metal image for it; included by tests/firmware and bench/firmware.
# Sets CODA_TEST_BOARD (empty: no board for this CPU), CODA_BOARD_STARTUP,
# CODA_DEFAULT_LIBC and its CODA_DEFAULT_LIBC_SPECS, CODA_HAVE_PICOLIBC,
# CODA_HAVE_PICOLIBC_CXX, CODA_PICOLIBC_LIB_DIR, CODA_LIBGCC and
# CODA_FIRMWARE_LINK_OPTIONS, and defines coda_firmware_image().
set(_fw ${CMAKE_CURRENT_LIST_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/CodaBoards.cmake)
coda_board_of("${CODA_CPU}" CODA_TEST_BOARD)
set(CODA_FIRMWARE_LINK_OPTIONS
    -Wl,--gc-sections
    -L${CODA_BOARDS_DIR}/common -T${CODA_BOARDS_DIR}/${CODA_TEST_BOARD}/memory.ld)
# The board's own startup (boards/<board>/startup.c), else the Cortex-M boards' common one.
set(CODA_BOARD_STARTUP ${CODA_BOARDS_DIR}/common/startup.c)
if(EXISTS ${CODA_BOARDS_DIR}/${CODA_TEST_BOARD}/startup.c)
    set(CODA_BOARD_STARTUP ${CODA_BOARDS_DIR}/${CODA_TEST_BOARD}/startup.c)
endif()
# The C libraries are gcc's: with clang (cmake/clang-arm-none-eabi.cmake) gcc is asked
# about them, and each image gets its C library's folders and link flags as gcc would
# use them (cmake/CodaGccLibc.cmake) instead of the specs option, the toolchain file's
# default C library set aside for the images. CODA_GCC and CODA_GCC_CPU_FLAGS: the gcc
# of this build and its CPU options (tests/firmware/package.cmake links with them too).
set(CODA_GCC ${CMAKE_C_COMPILER})
get_directory_property(CODA_GCC_CPU_FLAGS DIRECTORY ${PROJECT_SOURCE_DIR} COMPILE_OPTIONS)
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/CodaGccLibc.cmake)
    set(CODA_GCC ${CODA_ARM_GCC})
    set(CODA_GCC_CPU_FLAGS -mcpu=${CODA_CPU} -mthumb)
    foreach(lang C CXX)
        set(CMAKE_${lang}_STANDARD_INCLUDE_DIRECTORIES "")
        set(CMAKE_${lang}_STANDARD_LIBRARIES "")
    endforeach()
endif()
string(REGEX REPLACE "gcc$" "g++" CODA_GXX "${CODA_GCC}")
# newlib-nano is the default C library where the toolchain has it; else picolibc (RISC-V).
execute_process(COMMAND ${CODA_GCC} -print-file-name=nano.specs
                OUTPUT_VARIABLE _nano_specs OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(CODA_DEFAULT_LIBC picolibc)
set(CODA_DEFAULT_LIBC_SPECS --specs=picolibc.specs)
if(IS_ABSOLUTE "${_nano_specs}" AND EXISTS "${_nano_specs}")
    set(CODA_DEFAULT_LIBC newlib-nano)
    set(CODA_DEFAULT_LIBC_SPECS --specs=nano.specs)
endif()
# A C++ library for this CPU at all (none for RISC-V in Debian): images link as C
# without one (coda itself needs none), and C++ test images are not built.
execute_process(COMMAND ${CODA_GXX} -print-file-name=libstdc++.a
                OUTPUT_VARIABLE _libstdcxx OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(CODA_HAVE_CXX_LIBRARY FALSE)
if(IS_ABSOLUTE "${_libstdcxx}" AND EXISTS "${_libstdcxx}")
    set(CODA_HAVE_CXX_LIBRARY TRUE)
endif()
# picolibc, when installed (picolibc-arm-none-eabi): some tests run with it too.
execute_process(COMMAND ${CODA_GCC} -print-file-name=picolibc.specs
                OUTPUT_VARIABLE _picolibc_specs OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(CODA_HAVE_PICOLIBC FALSE)
if(IS_ABSOLUTE "${_picolibc_specs}" AND EXISTS "${_picolibc_specs}")
    set(CODA_HAVE_PICOLIBC TRUE)
endif()
# picolibc's C++ library (libstdc++-arm-none-eabi-picolibc), linked through
# picolibcpp.specs. That file comes with picolibc itself, and without the package its
# link falls back to the newlib-built libstdc++, so ask the linker: a traced relocatable
# link of nothing names the libstdc++.a and libc.a a picolibc C++ image would take. It
# is picolibc's when it lies beside picolibc's libc.a. CODA_PICOLIBC_LIB_DIR (that
# directory, this CPU's multilib) and CODA_LIBGCC are the archives such an image may
# take members from (firmware.picolibc_cxx_link).
set(CODA_HAVE_PICOLIBC_CXX FALSE)
set(CODA_PICOLIBC_LIB_DIR "")
set(CODA_LIBGCC "")
if(CODA_HAVE_PICOLIBC AND CODA_HAVE_CXX_LIBRARY)  # a C++ library at all for this CPU (below: which)
    execute_process(COMMAND ${CODA_GXX} -mcpu=${CODA_CPU} -mthumb --specs=picolibcpp.specs
                            -nostartfiles -Wl,-r -Wl,--no-gc-sections -Wl,--trace -x c++ /dev/null
                            -o ${CMAKE_CURRENT_BINARY_DIR}/picolibc_cxx_probe.o
                    OUTPUT_VARIABLE _trace ERROR_QUIET RESULT_VARIABLE _rc)
    string(APPEND _trace "\n")
    if(_rc EQUAL 0 AND _trace MATCHES "\n([^\n]*)/libc\\.a\n")
        set(CODA_PICOLIBC_LIB_DIR "${CMAKE_MATCH_1}")
        if(_trace MATCHES "\n([^\n]*/libgcc\\.a)\n")
            file(REAL_PATH "${CMAKE_MATCH_1}" CODA_LIBGCC)
        endif()
        if(_trace MATCHES "\n([^\n]*)/libstdc\\+\\+\\.a\n")
            if(CMAKE_MATCH_1 STREQUAL CODA_PICOLIBC_LIB_DIR)
                set(CODA_HAVE_PICOLIBC_CXX TRUE)
            endif()
        endif()
        file(REAL_PATH "${CODA_PICOLIBC_LIB_DIR}" CODA_PICOLIBC_LIB_DIR)
    endif()
    if(NOT CODA_HAVE_PICOLIBC_CXX)
        message(STATUS "coda: picolibc's libstdc++ not found (Debian: libstdc++-arm-none-eabi-picolibc): "
                       "no C++ firmware tests with picolibc")
    endif()
endif()

# coda_firmware_image(<target> SOURCES ... [DEFINES ...] [LIBC newlib-nano|newlib|picolibc]):
# one image for this board, with CODA_DEFAULT_LIBC or the one named; a C++ image on
# picolibc links picolibc's libstdc++ (picolibcpp.specs), never the newlib-built one,
# and where the toolchain has no C++ library at all, none (it links as C).
# NO_CODA: link without coda (the startup must then be built with BOARD_NO_CODA_BOOT
# and BOARD_PLAIN_NMI); CODA <library>: link that build of coda instead of coda::coda.
function(coda_firmware_image target)
    cmake_parse_arguments(PARSE_ARGV 1 F "NO_CODA" "LIBC;CODA" "SOURCES;DEFINES")
    if(NOT F_LIBC)
        set(F_LIBC ${CODA_DEFAULT_LIBC})
    endif()
    if(F_LIBC STREQUAL "picolibc" AND F_SOURCES MATCHES "\\.(cpp|cc|cxx)(;|$)" AND CODA_HAVE_CXX_LIBRARY)
        if(NOT CODA_HAVE_PICOLIBC_CXX)
            message(FATAL_ERROR "${target}: a C++ image on picolibc needs picolibc's libstdc++ "
                                "(Debian: libstdc++-arm-none-eabi-picolibc)")
        endif()
        set(_specs --specs=picolibcpp.specs)
    elseif(F_LIBC STREQUAL "picolibc")
        set(_specs --specs=picolibc.specs)
    elseif(F_LIBC STREQUAL "newlib")
        set(_specs "")  # full newlib: gcc's default C library
    else()
        set(_specs --specs=nano.specs)
    endif()
    add_executable(${target} ${F_SOURCES} ${CODA_BOARD_STARTUP} ${CODA_BOARDS_DIR}/common/board_common.c)
    if(NOT CODA_HAVE_CXX_LIBRARY)
        set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
    endif()
    if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
        target_compile_options(${target} PRIVATE ${_specs})
        target_link_options(${target} PRIVATE ${_specs})
    endif()
    if(F_NO_CODA)
        target_include_directories(${target} PRIVATE ${_fw}/../../include)
    elseif(F_CODA)
        target_link_libraries(${target} PRIVATE ${F_CODA})
    else()
        target_link_libraries(${target} PRIVATE coda::coda)
    endif()
    if(CMAKE_C_COMPILER_ID STREQUAL "Clang")  # after coda: lld takes a symbol from the first archive
        coda_image_libc_for_clang(${target} "${_specs}")
    endif()
    target_include_directories(${target} PRIVATE ${CODA_BOARDS_DIR}/common)
    target_compile_definitions(${target} PRIVATE ${F_DEFINES})
    target_compile_options(${target} PRIVATE -ffunction-sections -fdata-sections -Wall -Wextra -Werror
                           $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
    if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")  # clang's links take -nostdlib (the toolchain file)
        target_link_options(${target} PRIVATE -nostartfiles)
    endif()
    target_link_options(${target} PRIVATE ${CODA_FIRMWARE_LINK_OPTIONS}
                        -Wl,-Map=$<TARGET_FILE_DIR:${target}>/${target}.map)
    set_target_properties(${target} PROPERTIES SUFFIX .elf LINK_DEPENDS
        "${CODA_BOARDS_DIR}/common/sections.ld;${CODA_BOARDS_DIR}/${CODA_TEST_BOARD}/memory.ld")
endfunction()

# coda_image_libc_for_clang(<target> <specs>): the C library of a gcc specs option on a
# clang image: its include folders per language and, after the objects, gcc's link
# flags for the image's link language (asked once per specs and language).
function(coda_image_libc_for_clang target specs)
    string(MAKE_C_IDENTIFIER "${specs}" key)
    foreach(lang C CXX)
        get_property(known GLOBAL PROPERTY CODA_CLANG_LIBC_${key}_${lang} SET)
        if(NOT known)
            coda_gcc_libc(${CODA_GCC} ${lang} libc ${CODA_GCC_CPU_FLAGS} ${specs})
            set_property(GLOBAL PROPERTY CODA_CLANG_LIBC_${key}_${lang} "${libc_INCLUDES}")
            set_property(GLOBAL PROPERTY CODA_CLANG_LIBS_${key}_${lang} "${libc_LIBS}")
        endif()
        get_property(includes GLOBAL PROPERTY CODA_CLANG_LIBC_${key}_${lang})
        target_include_directories(${target} SYSTEM PRIVATE $<$<COMPILE_LANGUAGE:${lang}>:${includes}>)
    endforeach()
    get_target_property(sources ${target} SOURCES)
    set(link_lang C)
    if(sources MATCHES "\\.(cpp|cc|cxx)(;|$)" AND CODA_HAVE_CXX_LIBRARY)
        set(link_lang CXX)
    endif()
    get_property(libs GLOBAL PROPERTY CODA_CLANG_LIBS_${key}_${link_lang})
    target_link_libraries(${target} PRIVATE ${libs})
endfunction()
