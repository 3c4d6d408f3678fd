# firmware_image.cmake - the QEMU board of CODA_CPU and the function that builds one
# bare-metal image for it; included by tests/firmware and bench/firmware.
#
#   cortex-m0, cortex-m0plus -> microbit (ARMv6-M)     cortex-m4  -> mps2-an386
#   cortex-m3                -> mps2-an385             cortex-m33 -> mps2-an505
# Sets CODA_TEST_BOARD (empty: no board for this CPU), CODA_HAVE_PICOLIBC and
# CODA_FIRMWARE_LINK_OPTIONS, and defines coda_firmware_image().
set(_fw ${CMAKE_CURRENT_LIST_DIR})
if(CODA_CPU MATCHES "^cortex-m0")
    set(CODA_TEST_BOARD microbit)
elseif(CODA_CPU STREQUAL "cortex-m3")
    set(CODA_TEST_BOARD mps2-an385)
elseif(CODA_CPU STREQUAL "cortex-m4")
    set(CODA_TEST_BOARD mps2-an386)
elseif(CODA_CPU STREQUAL "cortex-m33")
    set(CODA_TEST_BOARD mps2-an505)
else()
    set(CODA_TEST_BOARD "")
endif()
set(CODA_FIRMWARE_LINK_OPTIONS
    -nostartfiles -Wl,--gc-sections
    -L${_fw}/boards/common -T${_fw}/boards/${CODA_TEST_BOARD}/memory.ld)
# picolibc, when installed (picolibc-arm-none-eabi): some tests run with it too.
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=picolibc.specs
                OUTPUT_VARIABLE _picolibc_specs OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(CODA_HAVE_PICOLIBC FALSE)
if(IS_ABSOLUTE "${_picolibc_specs}" AND EXISTS "${_picolibc_specs}")
    set(CODA_HAVE_PICOLIBC TRUE)
endif()

# coda_firmware_image(<target> SOURCES ... [DEFINES ...] [LIBC newlib-nano|picolibc]):
# one image for this board, with newlib-nano (default) or picolibc.
# NO_CODA: link without coda (the startup must then be built with BOARD_NO_CODA_BOOT
# and BOARD_PLAIN_NMI).
function(coda_firmware_image target)
    cmake_parse_arguments(PARSE_ARGV 1 F "NO_CODA" "LIBC" "SOURCES;DEFINES")
    if(F_LIBC STREQUAL "picolibc")
        set(_specs --specs=picolibc.specs)
    else()
        set(_specs --specs=nano.specs)
    endif()
    add_executable(${target} ${F_SOURCES} ${_fw}/boards/common/startup.c)
    target_compile_options(${target} PRIVATE ${_specs})
    target_link_options(${target} PRIVATE ${_specs})
    if(F_NO_CODA)
        target_include_directories(${target} PRIVATE ${_fw}/../../include)
    else()
        target_link_libraries(${target} PRIVATE coda::coda)
    endif()
    target_include_directories(${target} PRIVATE ${_fw}/boards/common)
    target_compile_definitions(${target} PRIVATE ${F_DEFINES})
    target_compile_options(${target} PRIVATE -ffunction-sections -fdata-sections -Wall -Wextra -Werror
                           $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
    target_link_options(${target} PRIVATE ${CODA_FIRMWARE_LINK_OPTIONS}
                        -Wl,-Map=$<TARGET_FILE_DIR:${target}>/${target}.map)
    set_target_properties(${target} PROPERTIES SUFFIX .elf LINK_DEPENDS
        "${_fw}/boards/common/sections.ld;${_fw}/boards/${CODA_TEST_BOARD}/memory.ld")
endfunction()

