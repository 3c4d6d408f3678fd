# run_qemu.cmake - runs one firmware image under QEMU and checks what it did.
#   cmake -DQEMU=qemu-system-arm -DMACHINE=mps2-an385 -DELF=fw.elf -DEXPECT=out.txt (QEMU, MACHINE: cmake/boards.txt)
#         -DEXIT=0 [-DQEMU_ARGS=a|b|c] [-DTIMEOUT=100] -P run_qemu.cmake
# MACHINE is the board's column of the table as it stands: the -M machine, then any
# options of the board, separated by spaces ("virt -bios none").
# Passes when the semihosting output equals the EXPECT file exactly and QEMU's exit
# code (the firmware's exit status, via SYS_EXIT_EXTENDED) equals EXIT.
foreach(var QEMU MACHINE ELF EXPECT EXIT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_qemu.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED TIMEOUT)
    set(TIMEOUT 100)
endif()
string(REPLACE "|" ";" QEMU_ARGS "${QEMU_ARGS}")
separate_arguments(board_args UNIX_COMMAND "${MACHINE}")
list(POP_FRONT board_args machine)
execute_process(
    COMMAND ${QEMU} -M ${machine} ${board_args} -display none -monitor none -serial null
            -semihosting-config enable=on,target=native -kernel ${ELF} ${QEMU_ARGS}
    TIMEOUT ${TIMEOUT}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
# Semihosting output goes to QEMU's stderr; QEMU's own diagnostics too (then it differs).
string(APPEND out "${err}")
file(READ ${EXPECT} expected)
set(ok TRUE)
if(NOT out STREQUAL expected)
    set(ok FALSE)
    message("---- expected output (${EXPECT}) ----\n${expected}---- actual output ----\n${out}----")
endif()
if(NOT rc STREQUAL EXIT)
    set(ok FALSE)
    message("exit code: expected ${EXIT}, got '${rc}'")
endif()
if(NOT ok)
    message(FATAL_ERROR "FAIL: ${ELF} on ${MACHINE}")
endif()
message("PASS: ${ELF} on ${MACHINE}: exit ${rc}, output as expected")
