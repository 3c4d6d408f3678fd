# step(<what> <command>...): runs a command of a package test; on failure prints its
# output and stops the test.
function(step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status
                    OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        message("${out}")
        message(FATAL_ERROR "${what} failed (${status}), output above")
    endif()
    message(STATUS "${what}: ok")
endfunction()
