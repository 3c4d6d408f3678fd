# CODA_CAPACITY values coda_check_capacity (cmake/CodaCapacity.cmake) must refuse or take,
# then one real configure of the project with a refused value.
#   cmake -DSOURCE_DIR=... -DSCRATCH_DIR=... -DGENERATOR=... -P capacity_values.cmake
include("${SOURCE_DIR}/cmake/CodaCapacity.cmake")
set(refused 0 0100 01 65536 100000 -1 abc 1e3 " 32" "")  # 0100 would be octal 64 to the compiler
set(accepted 1 100 255 256 65535)
set(message "CODA_CAPACITY must be a number from 1 to 65535")

# Each value in a child cmake: a FATAL_ERROR ends only that one.
function(check value out_result out_output)
    set(script "${SCRATCH_DIR}/check.cmake")
    file(WRITE "${script}" "include(\"${SOURCE_DIR}/cmake/CodaCapacity.cmake\")\ncoda_check_capacity(\"\${VALUE}\")\n")
    execute_process(COMMAND ${CMAKE_COMMAND} "-DVALUE=${value}" -P "${script}"
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    set(${out_result} "${result}" PARENT_SCOPE)
    set(${out_output} "${output}" PARENT_SCOPE)
endfunction()

set(failures "")
foreach(value IN LISTS refused)
    check("${value}" result output)
    if(result EQUAL 0 OR NOT output MATCHES "${message}")
        string(APPEND failures "CODA_CAPACITY='${value}' was not refused with '${message}' (exit ${result})\n")
    endif()
endforeach()
foreach(value IN LISTS accepted)
    check("${value}" result output)
    if(NOT result EQUAL 0)
        string(APPEND failures "CODA_CAPACITY='${value}' was refused (exit ${result}):\n${output}\n")
    endif()
endforeach()

# The project itself calls the check.
file(REMOVE_RECURSE "${SCRATCH_DIR}/project")
execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${SCRATCH_DIR}/project" -G "${GENERATOR}"
            -DCODA_CAPACITY=0100 -DBUILD_TESTING=OFF
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0 OR NOT output MATCHES "${message}")
    string(APPEND failures "configuring the project with CODA_CAPACITY=0100 did not stop (exit ${result})\n")
endif()

if(failures)
    message(FATAL_ERROR "${failures}")
endif()
message(STATUS "refused: [${refused}]; accepted: [${accepted}]")
