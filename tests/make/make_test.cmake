# make_test.cmake - builds with coda.mk and plain make (tests/make/Makefile), checks that
# the library it builds holds the CMake build's objects, then runs what it built.
#   cmake -DMAKE=make -DOUT=<dir> -DGOAL=host|firmware [-DMAKE_ARGS=a|b] -DAR=<ar>
#         -DCMAKE_LIB=<the CMake build's libcoda.a> -DPORT=<CODA_PORT>
#         -DRUN=<cmake -P arguments, "|"-separated> -P make_test.cmake
# RUN is a check script and its arguments; it gets the program as -DPROGRAM and -DELF.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/../package/step.cmake)

string(REPLACE "|" ";" make_args "${MAKE_ARGS}")
file(REMOVE_RECURSE "${OUT}")
step("make ${GOAL} with coda.mk"
     ${MAKE} -f ${CMAKE_CURRENT_LIST_DIR}/Makefile OUT=${OUT} CODA_PORT=${PORT} ${make_args} ${GOAL})

# The same objects as the CMake build, and the archive order the weak hooks need.
function(members lib strip out)
    execute_process(COMMAND ${AR} t ${lib} OUTPUT_VARIABLE names RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${AR} t ${lib} failed")
    endif()
    string(REGEX REPLACE "\n$" "" names "${names}")
    string(REPLACE "\n" ";" names "${names}")
    list(TRANSFORM names REPLACE "${strip}" "")
    set(${out} "${names}" PARENT_SCOPE)
endfunction()
members(${OUT}/coda/libcoda.a "^(src|ports_baremetal|ports_${PORT})_|\\.o$" from_make)
members(${CMAKE_LIB} "\\.cpp\\.obj$|\\.cpp\\.o$" from_cmake)
set(sorted_make ${from_make})
set(sorted_cmake ${from_cmake})
list(SORT sorted_make)
list(SORT sorted_cmake)
if(NOT sorted_make STREQUAL sorted_cmake)
    message(FATAL_ERROR "coda.mk builds ${from_make}, the CMake build ${from_cmake}")
endif()
foreach(pair run_exit:run libc_atexit:libc_on_exit)
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 first)
    list(GET pair 1 second)
    list(FIND from_make ${first} at_first)
    list(FIND from_make ${second} at_second)
    if(at_first GREATER at_second)
        message(FATAL_ERROR "coda.mk's archive has ${second} before ${first}: ${from_make}")
    endif()
endforeach()
message(STATUS "make_test: coda.mk's libcoda.a holds the CMake build's objects: ${from_make}")

set(program ${OUT}/log_file)
if(GOAL STREQUAL "firmware")
    set(program ${OUT}/exit_lifo.elf)
endif()
string(REPLACE "|" ";" run "${RUN}")
step("run ${program}" ${CMAKE_COMMAND} -DPROGRAM=${program} -DELF=${program} ${run})
