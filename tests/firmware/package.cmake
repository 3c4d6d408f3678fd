# find_package(coda) for a cross build: install this build of coda, then configure a
# firmware consumer against the prefix with the same toolchain file and CPU, build it
# and run it under QEMU (tests/package/package_test.cmake). Included by CMakeLists.txt.
if(NOT PROJECT_IS_TOP_LEVEL)
    return()  # nothing is installed when coda is a subproject
endif()
set(_qemu_run "-DQEMU=${CODA_QEMU}|-DMACHINE=${CODA_QEMU_MACHINE}|-DEXPECT=${_fw}/expected/exit_lifo.txt|-DEXIT=42|-P|${_fw}/run_qemu.cmake")
# The toolchain file finds packages only under CMAKE_FIND_ROOT_PATH (cross-compiling
# convention): the prefix goes there, as a user installing coda for a target would do.
set(_consumer_args "-DCMAKE_FIND_ROOT_PATH=${PROJECT_BINARY_DIR}/package-prefix|-DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}|-DCODA_CPU=${CODA_CPU}|-DFIRMWARE_TESTS_DIR=${_fw}|-DBOARDS_DIR=${CODA_BOARDS_DIR}|-DBOARD=${CODA_TEST_BOARD}|-DBOARD_STARTUP=${CODA_BOARD_STARTUP}|-DLIBC_SPECS=${CODA_DEFAULT_LIBC_SPECS}")
add_test(NAME firmware.package.${CODA_TEST_BOARD}
    COMMAND ${CMAKE_COMMAND}
        "-DCODA_BUILD_DIR=${PROJECT_BINARY_DIR}"
        "-DCODA_LIBRARY=$<TARGET_FILE:coda>"
        "-DCONFIG=$<CONFIG>"
        "-DPREFIX=${PROJECT_BINARY_DIR}/package-prefix"
        "-DCONSUMER_SOURCE_DIR=${_fw}/../package/firmware_consumer"
        "-DCONSUMER_BINARY_DIR=${CMAKE_CURRENT_BINARY_DIR}/package-consumer"
        "-DGENERATOR=${CMAKE_GENERATOR}"
        "-DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}"
        "-DC_COMPILER=${CMAKE_C_COMPILER}"
        "-DCXX_COMPILER=${CMAKE_CXX_COMPILER}"
        "-DCONSUMER_ARGS=${_consumer_args}"
        "-DRUN_QEMU=${_qemu_run}"
        -P ${_fw}/../package/package_test.cmake)
set_tests_properties(firmware.package.${CODA_TEST_BOARD} PROPERTIES LABELS "firmware;package" TIMEOUT 300)
