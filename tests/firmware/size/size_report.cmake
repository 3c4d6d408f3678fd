# size_report.cmake - coda's sizes on this CPU against docs/semantics.md section 9, as a table.
#   cmake -DNM=... -DOBJDUMP=... -DREGISTRY_OBJ=... -DCODA_ELF=... -DNEWLIB_ELF=...
#         -DAPI_ELFS="<api>=<elf>|..." -DLIBCODA=... -DCI_DIR=... -DCPU=... -DLIBC=...
#         -DMASK=<regex> -DUNMASK=<regex> -DMASKED_AT_MOST=<n> [-DCOMPILER=Clang] -P size_report.cmake
# MASK, UNMASK and MASKED_AT_MOST are the port's (coda_cpu_port, ports/baremetal/baremetal.cmake).
# NEWLIB_ELF is the same probe on the C library's own atexit (LIBC: newlib-nano, or
# picolibc where the toolchain has no newlib).
# Fails when any bound of section 9 is broken. Where a bound is not met yet (flash against
# newlib-nano on ARMv7-M/v8-M) the test prints OVER against the bound and fails
# only above a ratchet, the figure last measured on this CPU, so any regression fails.
# Lower a ratchet when the code shrinks; never raise one to pass.
cmake_policy(VERSION 3.25)
foreach(var NM OBJDUMP REGISTRY_OBJ CODA_ELF NEWLIB_ELF API_ELFS LIBCODA CI_DIR CPU LIBC MASK UNMASK MASKED_AT_MOST)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "size_report.cmake: -D${var}= is required")
    endif()
endforeach()
# The ratchets are per CPU and compiler: a clang build's are <cpu>-clang's.
if(COMPILER STREQUAL "Clang")
    string(APPEND CPU "-clang")
endif()

# name -> size (decimal) for every sized symbol of a file: SIZE_<name>
function(read_sizes file prefix)
    execute_process(COMMAND ${NM} -S --defined-only ${file} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "nm failed on ${file}")
    endif()
    string(REPLACE "\n" ";" lines "${out}")
    set(names)
    foreach(line IN LISTS lines)
        if(line MATCHES "^([0-9a-f]+) ([0-9a-f]+) ([A-Za-z]) (.+)$")
            math(EXPR size "0x${CMAKE_MATCH_2}" OUTPUT_FORMAT DECIMAL)
            set(${prefix}_${CMAKE_MATCH_4} ${size} PARENT_SCOPE)
            set(${prefix}_TYPE_${CMAKE_MATCH_4} ${CMAKE_MATCH_3} PARENT_SCOPE)
            set(${prefix}_AT_${CMAKE_MATCH_4} ${CMAKE_MATCH_1} PARENT_SCOPE)
            list(APPEND names "${CMAKE_MATCH_4}")
        endif()
    endforeach()
    set(${prefix}_NAMES "${names}" PARENT_SCOPE)
endfunction()

set(failures)
set(rows)
macro(row what value bound verdict)
    string(APPEND rows "| ${what} | ${value} | ${bound} | ${verdict} |\n")
endmacro()
macro(check what value bound)  # value <= bound, or a failure
    if(${value} GREATER ${bound})
        row("${what}" "${value}" "<= ${bound}" "OVER")
        list(APPEND failures "${what}")
    else()
        row("${what}" "${value}" "<= ${bound}" "ok")
    endif()
endmacro()

# Ratchets (bytes) for the bounds not met yet, per CPU. A CPU without one is held to the
# bound itself. Flash: the minimal image once the core was split per API (one
# object per feature, compaction and the budgeted run only where called; it was 1008-1062
# before), runs stopped counting themselves (a run recycles only its own slot), and the
# image's trim dropped the claimer checks nothing there needs, its seal a loop;
# stack: the bound itself since the run became one loop in one frame and coda_run_budget
# an alias of it. Raised only for correctness fixes, each by what it cost, and once
# to meet the exit run's stack bound below: the exit path calls the run, the seal and
# the run itself (no frame of a run_final between it and the run), 6-8 bytes more here.
set(ratchet_flash_cortex-m0 470)
set(ratchet_flash_cortex-m0plus 470)
set(ratchet_flash_cortex-m3 458)
set(ratchet_flash_cortex-m4 458)
set(ratchet_flash_cortex-m33 462)
# RISC-V (rv32imac, picolibc), as first measured when its size table came: against
# picolibc's lean atexit path, and with every frame a multiple of 16 bytes (the ilp32
# ABI's stack alignment), so each frame of a path costs 16 at least.
set(ratchet_flash_rv32imac 690)
set(ratchet_stack_rv32imac 80)
set(ratchet_exit_stack_rv32imac 96)
set(ratchet_reset_stack_rv32imac 112)
set(ratchet_brownout_stack_rv32imac 112)
# The image with every API, as measured before the core was split per API: a split
# must not make it bigger.
set(full_image_cortex-m0 2336)
set(full_image_cortex-m0plus 2336)
set(full_image_cortex-m3 2220)
set(full_image_cortex-m4 2226)
set(full_image_cortex-m33 2254)
set(full_image_rv32imac 2376)  # RISC-V: as first measured (the port came after the split)
# clang + lld (cmake/clang-arm-none-eabi.cmake): as first measured when its presets came.
set(full_image_cortex-m0-clang 2296)
set(full_image_cortex-m3-clang 2320)
set(ratchet_flash_cortex-m0-clang 542)
set(ratchet_flash_cortex-m3-clang 552)
set(ratchet_stack_cortex-m0-clang 72)
set(ratchet_exit_stack_cortex-m0-clang 104)
set(ratchet_reset_stack_cortex-m0-clang 96)
set(ratchet_brownout_stack_cortex-m0-clang 104)
set(ratchet_exit_stack_cortex-m3-clang 72)
set(ratchet_reset_stack_cortex-m3-clang 88)
set(ratchet_brownout_stack_cortex-m3-clang 96)
set(ratchet_stack_cortex-m0 64)
set(ratchet_stack_cortex-m0plus 64)
set(ratchet_stack_cortex-m3 64)
set(ratchet_stack_cortex-m4 64)
set(ratchet_stack_cortex-m33 64)
# The exit, reset and brownout runs' stacks (handlers excluded), bound 64 bytes like a
# run's (docs/semantics.md section 9): where missed, the figure last measured. ARMv6-M's
# exit path has one frame more: GCC makes no tail calls in Thumb-1 code, so the exit
# run's hook (coda_detail_run_exit) keeps a frame above the run. The reset and brownout
# runs count the port's progress budget below the run (and its record write).
set(ratchet_exit_stack_cortex-m0 72)
set(ratchet_exit_stack_cortex-m0plus 72)
foreach(cpu cortex-m0 cortex-m0plus cortex-m3 cortex-m4 cortex-m33)
    set(ratchet_reset_stack_${cpu} 80)
    set(ratchet_brownout_stack_${cpu} 80)
endforeach()
# Each API's increment over the minimal image, per CPU: a ratchet, lowered as it shrinks.
include(${CMAKE_CURRENT_LIST_DIR}/api_ratchets.cmake)
# value <= bound: ok; bound < value <= ratchet: OVER, reported; above both: a failure.
macro(check_ratchet what value bound kind)
    set(ceiling ${bound})
    if(DEFINED ratchet_${kind}_${CPU} AND ratchet_${kind}_${CPU} GREATER ${bound})
        set(ceiling ${ratchet_${kind}_${CPU}})
    endif()
    if(${value} GREATER ${ceiling})
        row("${what}" "${value}" "<= ${bound}" "OVER, and over the ratchet ${ceiling}: regression")
        list(APPEND failures "${what} (${value} > ratchet ${ceiling})")
    elseif(${value} GREATER ${bound})
        row("${what}" "${value}" "<= ${bound}" "OVER (ratchet ${ceiling})")
    else()
        row("${what}" "${value}" "<= ${bound}" "ok")
    endif()
endmacro()

# ---- RAM: registries of 1 and 255 entries ----
read_sizes(${REGISTRY_OBJ} R)
# Alignment pads small registries: the slope from 1 to 255 entries, rounded, is the
# per-entry cost, and what the 255-entry registry holds beyond it is the fixed part.
math(EXPR per_entry "(${R_coda_probe_registry_255} - ${R_coda_probe_registry_1} + 127) / 254")
math(EXPR fixed "${R_coda_probe_registry_255} - 255 * ${per_entry}")
check("RAM per entry, bytes" ${per_entry} 10)
check("fixed RAM of a registry, bytes" ${fixed} 8)
row("registry<32> / registry<255>, bytes" "${R_coda_probe_registry_32} / ${R_coda_probe_registry_255}" "" "")

# ---- flash: coda's code in an image, against the C library's atexit ----
# Every code or constant symbol libcoda.a defines that the image holds (template and
# weak ones included), each address counted once (an alias is the same bytes): coda's
# flash in that image.
execute_process(COMMAND ${NM} -S --defined-only ${LIBCODA} OUTPUT_VARIABLE libout)
string(REPLACE "\n" ";" liblines "${libout}")
set(coda_names)
foreach(line IN LISTS liblines)
    if(line MATCHES "^[0-9a-f]+ [0-9a-f]+ [tTWrR] (.+)$")  # code and constants (the global view)
        list(APPEND coda_names "${CMAKE_MATCH_1}")
    endif()
endforeach()
list(REMOVE_DUPLICATES coda_names)
function(coda_flash elf out_bytes out_count)
    read_sizes(${elf} E)
    set(bytes 0)
    set(count 0)
    set(seen)
    foreach(name IN LISTS coda_names)
        if(DEFINED E_${name} AND E_TYPE_${name} MATCHES "[tTWrR]" AND NOT E_AT_${name} IN_LIST seen)
            list(APPEND seen ${E_AT_${name}})
            math(EXPR bytes "${bytes} + ${E_${name}}")
            math(EXPR count "${count} + 1")
        endif()
    endforeach()
    set(${out_bytes} ${bytes} PARENT_SCOPE)
    set(${out_count} ${count} PARENT_SCOPE)
endfunction()
coda_flash(${CODA_ELF} coda_text coda_sym_count)
# The C library's atexit path: newlib's registers through __register_exitproc,
# picolibc's through _on_exit; both run through __call_exitprocs.
read_sizes(${NEWLIB_ELF} N)
set(newlib_text 0)
set(libc_names)
foreach(name atexit __register_exitproc _on_exit __call_exitprocs exit)
    if(DEFINED N_${name})
        math(EXPR newlib_text "${newlib_text} + ${N_${name}}")
        list(APPEND libc_names ${name})
    endif()
endforeach()
if(coda_text EQUAL 0 OR newlib_text EQUAL 0)
    message(FATAL_ERROR "size_report.cmake: no coda (${coda_text}) or ${LIBC} (${newlib_text}) text found")
endif()
check_ratchet("flash: minimal image (coda_register + exit), bytes" ${coda_text} ${newlib_text} flash)
list(JOIN libc_names " + " libc_names)
row("flash: ${LIBC} ${libc_names}" "${newlib_text}" "" "")
row("coda functions in the minimal image" "${coda_sym_count}" "" "")
# Pay for what you use: the minimal image links registration, the plain exit run and
# the seal; none of compaction, the budgeted run, the counting scan, removal.
read_sizes(${CODA_ELF} M)
set(unused_linked)
foreach(name IN LISTS M_NAMES)
    if(name MATCHES "compact|run_global|count_due|remove|add_to" AND name IN_LIST coda_names)
        list(APPEND unused_linked ${name})
    endif()
endforeach()
list(LENGTH unused_linked unused_count)
check("functions of unused APIs in the minimal image" ${unused_count} 0)
if(unused_count GREATER 0)
    message("in the minimal image, not called by it: ${unused_linked}")
endif()
# Each API's increment over the minimal image, and every API at once (no bigger than
# the ratchet: splitting the core must not grow the full image; the APIs added since
# the split are not in it, probe_coda.c).
string(REPLACE "|" ";" api_elfs "${API_ELFS}")
foreach(pair IN LISTS api_elfs)
    string(REGEX MATCH "^([a-z_]+)=(.+)$" matched "${pair}")
    set(api ${CMAKE_MATCH_1})
    set(elf ${CMAKE_MATCH_2})
    coda_flash(${elf} api_text api_count)
    if(api STREQUAL "all")
        check("flash: every API at once, bytes" ${api_text} ${full_image_${CPU}})
    else()
        math(EXPR increment "${api_text} - ${coda_text}")
        if(NOT DEFINED api_ratchet_${api}_${CPU})
            row("  + ${api}, bytes" "${increment}" "no ratchet" "MISSING")
            list(APPEND failures "no ratchet for the increment of ${api} on ${CPU} (api_ratchets.cmake)")
        elseif(increment GREATER ${api_ratchet_${api}_${CPU}})
            row("  + ${api}, bytes" "${increment}" "<= ${api_ratchet_${api}_${CPU}}" "regression")
            list(APPEND failures "+ ${api} (${increment} > ratchet ${api_ratchet_${api}_${CPU}})")
        else()
            row("  + ${api}, bytes" "${increment}" "<= ${api_ratchet_${api}_${CPU}}" "ok")
        endif()
    endif()
    # Compaction comes with exactly the calls after which an entry can be gone from below
    # a live one (src/global.hpp, needs_compaction); the others leave it out.
    foreach(name IN LISTS A_NAMES)  # the previous image's symbols
        unset(A_${name})
    endforeach()
    read_sizes(${elf} A)
    if(api MATCHES "^(pending|boot|last_report|last_reset_cause|libc_atexit|on_exit)$")
        set(compaction_wanted 0)
    else()
        set(compaction_wanted 1)
    endif()
    set(compaction_linked 0)
    if(DEFINED A_coda_detail_compaction)
        set(compaction_linked 1)
    endif()
    if(NOT compaction_linked EQUAL compaction_wanted)
        row("  compaction linked with ${api}" "${compaction_linked}" "${compaction_wanted}" "WRONG")
        list(APPEND failures "compaction linked with ${api}: ${compaction_linked}, should be ${compaction_wanted}")
    endif()
endforeach()
row("compaction linked exactly with the APIs that make holes" "checked" "" "")

# ---- the port's .noinit report block and .bss ----
read_sizes(${LIBCODA} L)
check("port .noinit (reset/brownout reports), bytes" ${L__ZN4coda9baremetal11coda_noinitE} 64)
set(port_bss 0)
foreach(name IN LISTS L_NAMES)
    if(L_TYPE_${name} MATCHES "[bB]" AND NOT name MATCHES "the_registry|coda_noinit")
        math(EXPR port_bss "${port_bss} + ${L_${name}}")
    endif()
endforeach()
row("port .bss (brownout budget, latch flags, reset and brownout run state), bytes" ${port_bss} "" "")

# ---- interrupts masked: from the port's MASK instruction to its UNMASK ----
execute_process(COMMAND ${OBJDUMP} -d ${LIBCODA} OUTPUT_VARIABLE dis)
string(REPLACE "[" "(" dis "${dis}")  # brackets and semicolons would upset CMake lists
string(REPLACE "]" ")" dis "${dis}")
string(REPLACE ";" "," dis "${dis}")
string(REPLACE "\t" " " dis "${dis}")  # the port's regexes see spaces
string(REPLACE "\n" ";" dlines "${dis}")
set(masked_max 0)
set(counting -1)
set(func "")
foreach(line IN LISTS dlines)
    if(line MATCHES "^[0-9a-f]+ <(.+)>:$")
        set(func "${CMAKE_MATCH_1}")  # labels inside a sequence (coda_cm_ras*) too: keep counting
    elseif(MASK AND line MATCHES "^ +[0-9a-f]+: .* (${MASK})")
        if(NOT func STREQUAL "coda_reset")  # masked until the reset it requests, by design
            set(counting 0)
        endif()
    elseif(counting GREATER_EQUAL 0 AND line MATCHES "^ +[0-9a-f]+: ")
        math(EXPR counting "${counting} + 1")
        if(line MATCHES " (${UNMASK})")
            if(counting GREATER masked_max)
                set(masked_max ${counting})
            endif()
            set(counting -1)
        endif()
    endif()
endforeach()
check("interrupts masked at a time, instructions" ${masked_max} ${MASKED_AT_MOST})

# ---- stack: deepest path in the call graph, handlers excluded ----
# GCC's -fcallgraph-info=su (.ci files: frames and calls), or where the compiler has
# none (clang) its -fstack-usage frames (.su files) and the calls the objects' relocations
# name (objdump -dr: direct calls and tail calls; an indirect call has no relocation).
file(GLOB_RECURSE ci_files ${CI_DIR}/*.ci)
if(NOT ci_files)
    file(GLOB_RECURSE su_files ${CI_DIR}/*.su)
    file(GLOB_RECURSE objects ${CI_DIR}/*.obj ${CI_DIR}/*.o)
    if(NOT su_files OR NOT objects)
        message(FATAL_ERROR "size_report.cmake: no .ci, or no .su and objects, under ${CI_DIR}")
    endif()
    foreach(su IN LISTS su_files)
        file(STRINGS ${su} sulines)
        foreach(line IN LISTS sulines)
            if(line MATCHES ":([^:\t]+)\t([0-9]+)\t")
                set(FRAME_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
            endif()
        endforeach()
    endforeach()
    foreach(object IN LISTS objects)
        execute_process(COMMAND ${OBJDUMP} -dr ${object} OUTPUT_VARIABLE listing)
        string(REPLACE ";" "," listing "${listing}")
        string(REPLACE "\n" ";" listing "${listing}")
        set(from "")
        foreach(line IN LISTS listing)
            if(line MATCHES "^[0-9a-f]+ <([^>.][^>]*)>:$")  # a function (not a .L label)
                set(from "${CMAKE_MATCH_1}")
            elseif(from AND line MATCHES "R_ARM_(THM_CALL|THM_JUMP24|CALL|JUMP24)\t([^ +\t]+)$")
                list(APPEND CALLS_${from} ${CMAKE_MATCH_2})
            endif()
        endforeach()
    endforeach()
endif()
set(nodes)
foreach(ci IN LISTS ci_files)
    file(STRINGS ${ci} cilines)
    foreach(line IN LISTS cilines)
        if(line MATCHES "^node: { title: \"([^\"]+)\" label: \"[^\"]*\\\\n([0-9]+) bytes")
            set(bytes ${CMAKE_MATCH_2})  # string(REGEX) below resets CMAKE_MATCH_*
            string(REGEX REPLACE "^.*:" "" name "${CMAKE_MATCH_1}")
            set(FRAME_${name} ${bytes})
            list(APPEND nodes ${name})
        elseif(line MATCHES "^edge: { sourcename: \"([^\"]+)\" targetname: \"([^\"]+)\"")
            set(to "${CMAKE_MATCH_2}")
            string(REGEX REPLACE "^.*:" "" from "${CMAKE_MATCH_1}")
            string(REGEX REPLACE "^.*:" "" to "${to}")
            if(NOT to STREQUAL "__indirect_call")  # handlers and budgets: not coda's stack
                list(APPEND CALLS_${from} ${to})
            endif()
        endif()
    endforeach()
endforeach()
# The ARMv6-M compare-exchange is assembly that uses no stack and has no call-graph node.
foreach(name _ZN4coda4port16compare_exchangeERNS_6detail6atomicIhEEhh _ZN4coda4port16compare_exchangeERNS_6detail6atomicItEEtt)
    if(NOT DEFINED FRAME_${name})
        set(FRAME_${name} 0)
    endif()
endforeach()
function(depth name out)
    get_property(known GLOBAL PROPERTY DEPTH_${name} SET)
    if(known)
        get_property(d GLOBAL PROPERTY DEPTH_${name})
        set(${out} ${d} PARENT_SCOPE)
        return()
    endif()
    set_property(GLOBAL PROPERTY DEPTH_${name} 0)  # breaks recursion cycles
    set(deepest 0)
    list(REMOVE_DUPLICATES CALLS_${name})
    foreach(callee IN LISTS CALLS_${name})
        depth(${callee} d)
        if(d GREATER deepest)
            set(deepest ${d})
        endif()
    endforeach()
    set(frame 0)
    if(DEFINED FRAME_${name})
        set(frame ${FRAME_${name}})
    endif()
    math(EXPR total "${frame} + ${deepest}")
    set_property(GLOBAL PROPERTY DEPTH_${name} ${total})
    set(${out} ${total} PARENT_SCOPE)
endfunction()
# coda_run_budget is detail::run_global under its C name (src/run.cpp: an alias, no frame
# of its own, so no node): measured from run_global when libcoda.a defines both at the
# same offset of run_global's own section.
set(run_global_name _ZN4coda6detail10run_globalEjPFiPvES1_P11coda_report)
if(NOT DEFINED FRAME_coda_run_budget)
    execute_process(COMMAND ${OBJDUMP} -t ${LIBCODA} OUTPUT_VARIABLE lib_symbols ERROR_QUIET)
    set(in_section "([0-9a-f]+) g +F \\.text\\.${run_global_name}\t[0-9a-f]+ ")
    string(REGEX MATCH "${in_section}coda_run_budget\n" alias_line "${lib_symbols}")
    set(alias_offset "${CMAKE_MATCH_1}")
    string(REGEX MATCH "${in_section}${run_global_name}\n" target_line "${lib_symbols}")
    if(alias_line AND target_line AND alias_offset STREQUAL CMAKE_MATCH_1 AND DEFINED FRAME_${run_global_name})
        set(FRAME_coda_run_budget 0)
        set(CALLS_coda_run_budget ${run_global_name})
    endif()
endif()
foreach(name coda_run_budget __wrap_exit)  # a renamed entry point must not measure 0
    if(NOT DEFINED FRAME_${name})
        message(FATAL_ERROR "size_report.cmake: ${name} is not in the call graph under ${CI_DIR}")
    endif()
endforeach()
# The reset and brownout runs hand run_global the port's own budget (reset.cpp's
# progress_budget, which writes the progress record): an indirect call, dropped above, but
# coda's stack all the same. Their runs call a run_global with that callee added.
set(progress_budget_name _ZN12_GLOBAL__N_115progress_budgetEPv)
if(NOT DEFINED FRAME_${progress_budget_name})
    message(FATAL_ERROR "size_report.cmake: ${progress_budget_name} is not in the call graph under ${CI_DIR}")
endif()
set(FRAME_recorded_run_global ${FRAME_${run_global_name}})
set(CALLS_recorded_run_global ${CALLS_${run_global_name}} ${progress_budget_name})
foreach(entry coda_reset coda_brownout)
    list(TRANSFORM CALLS_${entry} REPLACE "^${run_global_name}$" recorded_run_global)
endforeach()
depth(coda_run_budget run_stack)
depth(_ZN4coda6detail10run_globalEjPFiPvES1_P11coda_report core_run_stack)
depth(__wrap_exit exit_stack)
depth(coda_reset reset_stack)
depth(coda_brownout brownout_stack)
depth(coda_register_on register_stack)
check_ratchet("stack of a run (coda_run_budget), bytes" ${run_stack} 64 stack)
row("  of which detail::run_global and below" ${core_run_stack} "" "")
check_ratchet("stack of the exit run (__wrap_exit), bytes" ${exit_stack} 64 exit_stack)
check_ratchet("stack of the reset run (coda_reset), bytes" ${reset_stack} 64 reset_stack)
check_ratchet("stack of the brownout run (coda_brownout), bytes" ${brownout_stack} 64 brownout_stack)
row("stack: coda_register_on" ${register_stack} "" "")

message("coda sizes on ${CPU} (-Os)\n\n| what | value | bound | |\n|---|---|---|---|\n${rows}")
if(failures)
    message(FATAL_ERROR "over the bound: ${failures}")
endif()
