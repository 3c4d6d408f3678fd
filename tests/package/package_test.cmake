# cmake -P script behind the coda_package test (see CMakeLists.txt for its variables):
#   1. cmake --install the coda build tree into PREFIX (emptied first);
#   2. configure the consumer project against PREFIX alone, same compilers and flags;
#   3. build it;  4. run it and compare its output with the expected LIFO trace.
# Cross builds pass CONSUMER_ARGS ("|"-separated configure arguments: toolchain file,
# CPU, board) and RUN_QEMU (tests/firmware/run_qemu.cmake and its -D arguments, "|"-
# separated): step 4 then runs the firmware image under QEMU.
cmake_minimum_required(VERSION 3.25)

include(${CMAKE_CURRENT_LIST_DIR}/step.cmake)

if(NOT EXISTS "${CODA_LIBRARY}")
    message(FATAL_ERROR "coda_package: ${CODA_LIBRARY} is missing: build the project before testing")
endif()

set(build_type "${CONFIG}")
if(build_type STREQUAL "")
    set(build_type Debug)
endif()

# 1. Install.
file(REMOVE_RECURSE "${PREFIX}" "${CONSUMER_BINARY_DIR}")
step("install into ${PREFIX}"
     ${CMAKE_COMMAND} --install "${CODA_BUILD_DIR}" --prefix "${PREFIX}" --config "${build_type}")

string(REPLACE "|" ";" consumer_args "${CONSUMER_ARGS}")
# 2. Configure, then check that coda came from PREFIX and from nowhere else.
step("configure the consumer"
     ${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${CONSUMER_BINARY_DIR}"
         -G "${GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
         "-DCMAKE_BUILD_TYPE=${build_type}"
         "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
         "-DCMAKE_C_FLAGS=${C_FLAGS}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
         "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
         "-DCMAKE_PREFIX_PATH=${PREFIX}" ${consumer_args})

file(STRINGS "${CONSUMER_BINARY_DIR}/CMakeCache.txt" coda_dir REGEX "^coda_DIR:")
string(REGEX REPLACE "^coda_DIR:[A-Z]+=" "" coda_dir "${coda_dir}")
cmake_path(IS_PREFIX PREFIX "${coda_dir}" NORMALIZE from_prefix)
if(NOT from_prefix)
    message(FATAL_ERROR "coda_package: the consumer found coda in '${coda_dir}', not in ${PREFIX}")
endif()

# 3. Build.
step("build the consumer" ${CMAKE_COMMAND} --build "${CONSUMER_BINARY_DIR}" --config "${build_type}")

# 4. Run and check the trace: newest registration first, each handler once.
if(RUN_QEMU)
    string(REPLACE "|" ";" run_qemu "${RUN_QEMU}")
    step("run the firmware under QEMU"
         ${CMAKE_COMMAND} "-DELF=${CONSUMER_BINARY_DIR}/coda_consumer.elf" ${run_qemu})
    return()
endif()
find_program(app NAMES coda_consumer PATHS "${CONSUMER_BINARY_DIR}" "${CONSUMER_BINARY_DIR}/${build_type}"
             NO_DEFAULT_PATH REQUIRED)
execute_process(COMMAND "${app}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected "capacity ${CODA_CAPACITY}\nrun: c++ handler (registered second)\nrun: c handler (registered first)\nran 2, pending 0\n")
if(NOT status EQUAL 0 OR NOT out STREQUAL expected)
    message("--- expected output:\n${expected}--- output:\n${out}--- stderr:\n${err}")
    message(FATAL_ERROR "coda_package: the consumer ended with status ${status}, output above")
endif()
message(STATUS "coda_package: the installed package works:\n${out}")
