# CodaBoards.cmake - the QEMU boards (boards/) and which one each CPU runs on
# (cmake/boards.txt, the one table). Included by tests/firmware and bench/firmware.
set(CODA_BOARDS_DIR ${CMAKE_CURRENT_LIST_DIR}/../boards)
cmake_path(NORMAL_PATH CODA_BOARDS_DIR)

# _coda_board_row(<cpu> <row_var>): cpu's row of the table as a list; empty when none.
function(_coda_board_row cpu row_var)
    file(STRINGS ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/boards.txt rows REGEX "^[^#]")
    foreach(row IN LISTS rows)
        string(REGEX REPLACE "[ \t]+" ";" row "${row}")
        list(GET row 0 row_cpu)
        if(row_cpu STREQUAL cpu)
            set(${row_var} "${row}" PARENT_SCOPE)
            return()
        endif()
    endforeach()
    set(${row_var} "" PARENT_SCOPE)
endfunction()

# coda_board_of(<cpu> <board_var>): the board of cpu; empty when the table has no row
# for it.
function(coda_board_of cpu board_var)
    _coda_board_row("${cpu}" row)
    set(board "")
    if(row)
        list(GET row 1 board)
    endif()
    set(${board_var} "${board}" PARENT_SCOPE)
endfunction()

# coda_board_qemu(<cpu> <program_var> <machine_var>): the QEMU program that runs cpu's
# board (qemu-system-arm) and what follows its -M, as a list: the machine and any options
# (virt;-bios;none). Empty when the table has no row for cpu.
function(coda_board_qemu cpu program_var machine_var)
    _coda_board_row("${cpu}" row)
    set(program "")
    set(machine "")
    if(row)
        list(GET row 4 program)
        list(SUBLIST row 5 -1 machine)
    endif()
    set(${program_var} "${program}" PARENT_SCOPE)
    set(${machine_var} "${machine}" PARENT_SCOPE)
endfunction()

# coda_board_shifts(<cpu> <tick_shift_var> <cut_shift_var>): the QEMU -icount shifts of
# cpu's board: one timer tick about one instruction, and a cut at every instruction
# (the table's comment). Empty when the table has no row for cpu.
function(coda_board_shifts cpu tick_var cut_var)
    _coda_board_row("${cpu}" row)
    set(tick "")
    set(cut "")
    if(row)
        list(GET row 2 tick)
        list(GET row 3 cut)
    endif()
    set(${tick_var} "${tick}" PARENT_SCOPE)
    set(${cut_var} "${cut}" PARENT_SCOPE)
endfunction()
