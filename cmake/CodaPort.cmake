# CodaPort.cmake - which folder of ports/ is linked into coda::coda: posix for a hosted
# build; for a bare-metal one (CMAKE_SYSTEM_NAME Generic) the CPU folder of
# CMAKE_SYSTEM_PROCESSOR, from the table below. -DCODA_PORT=<folder> chooses another
# (ports/template, or a port of your own: docs/porting.md).
# <regular expression on CMAKE_SYSTEM_PROCESSOR, case ignored>=<folder>. Toolchain files
# name Arm M-profile CPUs many ways: arm, ARM, armv7e-m, cortex-m4, thumbv7m, ...
set(_coda_ports_by_processor
    "^(arm|armv[678].*|cortex-m.*|thumb.*)$=cortex-m"
    "^(riscv|riscv32|rv32.*)$=riscv"
)

function(coda_default_port out)
    if(NOT CMAKE_SYSTEM_NAME STREQUAL "Generic")
        set(${out} posix PARENT_SCOPE)
        return()
    endif()
    foreach(pair IN LISTS _coda_ports_by_processor)
        string(REPLACE "=" ";" pair ${pair})
        list(GET pair 0 pattern)
        list(GET pair 1 folder)
        string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" processor)
        if(processor MATCHES "${pattern}")
            set(${out} ${folder} PARENT_SCOPE)
            return()
        endif()
    endforeach()
    set(${out} "" PARENT_SCOPE)
endfunction()

coda_default_port(_coda_default_port)
set(CODA_PORT "${_coda_default_port}" CACHE STRING "The folder of ports/ linked into coda::coda")
if(NOT CODA_PORT OR NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/ports/${CODA_PORT}/CMakeLists.txt)
    message(FATAL_ERROR "coda: no port for CMAKE_SYSTEM_PROCESSOR '${CMAKE_SYSTEM_PROCESSOR}' "
                        "(CODA_PORT '${CODA_PORT}'): set -DCODA_PORT to a folder of ports/ (docs/porting.md)")
endif()
