# check_static_init.cmake - fails if object files need dynamic initialisation.
#
#   cmake -DOBJECTS="a.o|b.o" -DNM=nm -DOBJDUMP=objdump [-DMUST_INCLUDE=global.cpp]
#         [-DZERO_FILLED=ON] [-DEXPECT_FAILURE=ON] -P check_static_init.cmake
#
# An object is dynamically initialised when it has
#  - a start-up function symbol: _GLOBAL__sub_I_* / _GLOBAL__I_* /
#    __static_initialization_and_destruction_* (GCC), __cxx_global_var_init* (Clang); or
#  - a non-empty .init_array, .preinit_array or .ctors section (objdump -h), which also
#    catches __attribute__((constructor)) functions that have no such symbol.
# Sections .init_array.NNNNN with a priority of 100 or less are the implementation's
# (sanitizer and coverage instrumentation, never user code): listed, not counted.
# ZERO_FILLED=ON also fails when an object defines initialised writable data (nm types
# d/D): then its statics are not zero-filled (.bss) and are valid only once the C runtime
# has copied .data, not from early boot (docs/semantics.md, S14). Constants in .data.rel.ro
# are exempt (listed as notes): they are writable only for the dynamic loader, which
# relocates them before any code runs (a const object holding addresses, such as the
# global registry's view, lands there in position-independent builds; .rodata on firmware).
# MUST_INCLUDE: a file name that must be among OBJECTS (global.cpp -> global.cpp.o).
# EXPECT_FAILURE=ON turns the verdict round: the script succeeds only if it found a
# problem (to show that the check can see one).
cmake_minimum_required(VERSION 3.25)

if(NOT OBJECTS)
    message(FATAL_ERROR "FAIL: -DOBJECTS=<obj>|<obj>... is required")
endif()
foreach(tool NM OBJDUMP)
    if(NOT ${tool} OR NOT EXISTS "${${tool}}")
        message(FATAL_ERROR "FAIL: -D${tool}=<path> is required (got '${${tool}}'); install binutils")
    endif()
endforeach()
string(REPLACE "|" ";" OBJECTS "${OBJECTS}")

function(run_tool out_var)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "FAIL: ${ARGN}: ${err}")
    endif()
    string(REPLACE ";" "," out "${out}")
    string(REPLACE "[" "(" out "${out}")
    string(REPLACE "]" ")" out "${out}")
    string(REGEX REPLACE "\n$" "" out "${out}")
    string(REPLACE "\n" ";" out "${out}")
    set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

set(problems "")
set(found_required FALSE)
foreach(obj IN LISTS OBJECTS)
    if(NOT EXISTS "${obj}")
        message(FATAL_ERROR "FAIL: object ${obj} does not exist (build first)")
    endif()
    get_filename_component(name "${obj}" NAME)
    if(MUST_INCLUDE)
        string(FIND "${name}" "${MUST_INCLUDE}." at)
        if(at EQUAL 0)
            set(found_required TRUE)
        endif()
    endif()
    set(mine "")
    set(notes "")

    # Constants that only the dynamic loader writes (relocations): .data.rel.ro*.
    set(relro_syms "")
    if(ZERO_FILLED)
        run_tool(lines "${OBJDUMP}" -t "${obj}")
        foreach(line IN LISTS lines)
            if(line MATCHES "^[0-9a-fA-F]+ .* \\.data\\.rel\\.ro[^ \t]*[ \t]+[0-9a-fA-F]+ +(.+)$")
                list(APPEND relro_syms "${CMAKE_MATCH_1}")
            endif()
        endforeach()
    endif()

    # Symbols.
    run_tool(lines "${NM}" "${obj}")
    foreach(line IN LISTS lines)
        if(NOT line MATCHES "^( +|[0-9a-fA-F]+) ([A-Za-z?]) (.+)$")
            continue()
        endif()
        set(type "${CMAKE_MATCH_2}")
        set(sym "${CMAKE_MATCH_3}")
        if(type STREQUAL "U")
            continue()
        endif()
        if(sym MATCHES "^_GLOBAL__(sub_)?I_" OR sym MATCHES "__static_initialization_and_destruction"
           OR sym MATCHES "^__cxx_global_var_init")
            list(APPEND mine "start-up function ${sym}")
        endif()
        if(ZERO_FILLED AND type MATCHES "^[dD]$"
           AND NOT sym MATCHES "^(__gcov|__llvm_|__profc_|__profd_|__asan|__tsan|__sancov|\\.L)")
            if(sym IN_LIST relro_syms)
                list(APPEND notes "${sym}: a constant in .data.rel.ro (relocated by the loader), allowed")
            else()
                list(APPEND mine "initialised writable data ${sym} (not zero-filled .bss)")
            endif()
        endif()
    endforeach()

    # Sections.
    run_tool(lines "${OBJDUMP}" -h "${obj}")
    foreach(line IN LISTS lines)
        if(NOT line MATCHES "^ *[0-9]+ +([^ ]+) +([0-9a-fA-F]+) ")
            continue()
        endif()
        set(section "${CMAKE_MATCH_1}")
        set(size "${CMAKE_MATCH_2}")
        if(NOT section MATCHES "^\\.(init_array|preinit_array|ctors)(\\.|$)" OR size MATCHES "^0+$")
            continue()
        endif()
        if(section MATCHES "^\\.init_array\\.0*([0-9]+)$" AND CMAKE_MATCH_1 LESS_EQUAL 100)
            list(APPEND notes "${section} (0x${size} bytes): implementation-reserved priority (instrumentation), ignored")
        else()
            list(APPEND mine "section ${section} holds 0x${size} bytes of start-up calls")
        endif()
    endforeach()

    if(mine)
        message("   ${name}: PROBLEM")
        foreach(p IN LISTS mine)
            message("       ${p}")
        endforeach()
        list(APPEND problems "${name}")
    else()
        message("   ${name}: constant-initialised, no start-up code")
    endif()
    foreach(n IN LISTS notes)
        message("       note: ${n}")
    endforeach()
endforeach()

if(MUST_INCLUDE AND NOT found_required)
    message(FATAL_ERROR "FAIL: no object of ${MUST_INCLUDE} among: ${OBJECTS}")
endif()

if(EXPECT_FAILURE)
    if(problems)
        message("ok: the checker reports ${problems}, as it must")
    else()
        message(FATAL_ERROR "FAIL: the checker saw nothing wrong in an object made to fail it: it is blind in this build (LTO objects?)")
    endif()
elseif(problems)
    message(FATAL_ERROR "FAIL: dynamic initialisation (or initialised data) in ${problems}: the registry must be constant-initialised and zero-filled (docs/semantics.md, S14)")
else()
    message("ok: no dynamic initialisation")
endif()
