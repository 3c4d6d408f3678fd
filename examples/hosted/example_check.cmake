# example_check.cmake - helpers for the example tests (cmake -P scripts), which run an
# example and compare what it prints, and the files it leaves, with exact text.

# Empties `dir` (creating it if needed) and makes it the directory examples run in.
function(fresh_directory dir)
    file(REMOVE_RECURSE "${dir}")
    file(MAKE_DIRECTORY "${dir}")
    set(EXAMPLE_DIR "${dir}" PARENT_SCOPE)
endfunction()

# Splits the calling function's arguments (ARGV0 .. ARGV<count - 1>) at the keywords
# COMMAND, OUTPUT and LINES into <prefix>_COMMAND (a list) and <prefix>_TEXT (the other
# arguments as lines, each ending with a newline). Reads the ARGV<n> one by one, so a
# line may hold a semicolon.
macro(example_parse_arguments prefix count)
    set(${prefix}_COMMAND "")
    set(${prefix}_TEXT "")
    set(_section "")
    foreach(_i RANGE ${count})
        if(_i EQUAL ${count})
            break()
        elseif(ARGV${_i} MATCHES "^(COMMAND|OUTPUT|LINES)$")
            set(_section "${ARGV${_i}}")
        elseif(_section STREQUAL "COMMAND")
            list(APPEND ${prefix}_COMMAND "${ARGV${_i}}")
        elseif(_section MATCHES "^(OUTPUT|LINES)$")
            string(APPEND ${prefix}_TEXT "${ARGV${_i}}\n")
        endif()
    endforeach()
endmacro()

# expect_run(COMMAND <program> [args...] OUTPUT <line>...): runs the command in
# EXAMPLE_DIR; fails unless it exits with 0, prints exactly these lines on stdout and
# prints nothing on stderr.
function(expect_run)
    example_parse_arguments(run ${ARGC})
    execute_process(COMMAND ${run_COMMAND} WORKING_DIRECTORY "${EXAMPLE_DIR}"
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
    if(NOT result STREQUAL "0" OR NOT output STREQUAL run_TEXT OR NOT errors STREQUAL "")
        list(JOIN run_COMMAND " " command)
        message(FATAL_ERROR "${command}\nexit status: ${result} (expected 0)\n"
                            "--- stdout:\n${output}--- expected stdout:\n${run_TEXT}--- stderr:\n${errors}")
    endif()
endfunction()

# expect_file(<file in EXAMPLE_DIR> LINES <line>...): fails unless the file holds exactly these lines.
function(expect_file name)
    example_parse_arguments(file ${ARGC})
    if(NOT EXISTS "${EXAMPLE_DIR}/${name}")
        message(FATAL_ERROR "${name} was not written")
    endif()
    file(READ "${EXAMPLE_DIR}/${name}" contents)
    if(NOT contents STREQUAL file_TEXT)
        message(FATAL_ERROR "${name}\n--- contents:\n${contents}--- expected:\n${file_TEXT}")
    endif()
endfunction()
