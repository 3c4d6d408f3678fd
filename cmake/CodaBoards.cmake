# CodaBoards.cmake - the QEMU boards (boards/) and which one each CPU runs on
# (cmake/boards.txt, the one table). Included by tests/firmware and bench/firmware.
set(CODA_BOARDS_DIR ${CMAKE_CURRENT_LIST_DIR}/../boards)
cmake_path(NORMAL_PATH CODA_BOARDS_DIR)

# coda_board_of(<cpu> <board_var>): the board of cpu; empty when the table has no row
# for it.
function(coda_board_of cpu board_var)
    file(STRINGS ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/boards.txt rows REGEX "^[^#]")
    foreach(row IN LISTS rows)
        string(REGEX REPLACE "[ \t]+" ";" row "${row}")
        list(GET row 0 row_cpu)
        if(row_cpu STREQUAL cpu)
            list(GET row 1 board)
            set(${board_var} ${board} PARENT_SCOPE)
            return()
        endif()
    endforeach()
    set(${board_var} "" PARENT_SCOPE)
endfunction()
