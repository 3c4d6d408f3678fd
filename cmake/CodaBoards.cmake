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
        list(GET row 2 program)
        list(SUBLIST row 3 -1 machine)
    endif()
    set(${program_var} "${program}" PARENT_SCOPE)
    set(${machine_var} "${machine}" PARENT_SCOPE)
endfunction()
