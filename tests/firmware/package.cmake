# find_package(coda) for a cross build: install this build of coda, then configure a
# firmware consumer against the prefix with the same toolchain file and CPU, build it
# and run it under QEMU (tests/package/package_test.cmake). Included by CMakeLists.txt.
if(NOT PROJECT_IS_TOP_LEVEL)
    return()  # nothing is installed when coda is a subproject
endif()
# run_qemu.cmake on exit_lifo (the program: -DELF), for the three tests below.
set(_qemu_run "-DQEMU=${CODA_QEMU}|-DMACHINE=${CODA_QEMU_MACHINE}|-DEXPECT=${_fw}/expected/exit_lifo.txt|-DEXIT=42|-P|${_fw}/run_qemu.cmake")
# The toolchain file finds packages only under CMAKE_FIND_ROOT_PATH (cross-compiling
# convention): the prefix goes there, as a user installing coda for a target would do.
# With clang the toolchain file itself gives every link its C library (no specs option).
set(_consumer_specs ${CODA_DEFAULT_LIBC_SPECS})
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    set(_consumer_specs "")
endif()
set(_consumer_args "-DCMAKE_FIND_ROOT_PATH=${PROJECT_BINARY_DIR}/package-prefix|-DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}|-DCODA_CPU=${CODA_CPU}|-DFIRMWARE_TESTS_DIR=${_fw}|-DBOARDS_DIR=${CODA_BOARDS_DIR}|-DBOARD=${CODA_TEST_BOARD}|-DBOARD_STARTUP=${CODA_BOARD_STARTUP}|-DLIBC_SPECS=${_consumer_specs}")
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

# Without CMake: exit_lifo for this board, compiled and linked by gcc with pkg-config's
# flags from the installed coda.pc, and built by plain make and gcc through coda.mk
# (tests/make/Makefile); both run under QEMU. The target's flags are gcc's CPU options
# (firmware_image.cmake) and the board's link options. In a clang build, the first links
# the clang-built libcoda.a into gcc-built code: the linker's warning about objects whose
# enum size disagrees with the others' fails it.
include(GNUInstallDirs)
set(_cpu_flags ${CODA_GCC_CPU_FLAGS})
set(_libc_specs ${CODA_DEFAULT_LIBC_SPECS})
if(_libc_specs IN_LIST _cpu_flags)
    set(_libc_specs "")  # the toolchain's already (RISC-V): GCC refuses a specs file twice
endif()
set(_fw_flags ${_cpu_flags} ${_libc_specs} -Os -ffunction-sections -fdata-sections
    -I${CODA_BOARDS_DIR}/common -nostartfiles ${CODA_FIRMWARE_LINK_OPTIONS})
string(REPLACE ";" "|" _fw_flags "${_fw_flags}")
set(_fw_sources ${_fw}/src/exit_lifo.c ${CODA_BOARD_STARTUP} ${CODA_BOARDS_DIR}/common/board_common.c)
string(REPLACE ";" "|" _fw_sources "${_fw_sources}")
add_test(NAME firmware.pkg_config.${CODA_TEST_BOARD}
    COMMAND ${CMAKE_COMMAND}
        "-DCODA_BUILD_DIR=${PROJECT_BINARY_DIR}" "-DCONFIG=$<CONFIG>"
        "-DPREFIX=${PROJECT_BINARY_DIR}/pkg-config-prefix" "-DLIBDIR=${CMAKE_INSTALL_LIBDIR}"
        "-DCC=${CODA_GCC}" "-DFLAGS=${_fw_flags}" "-DSOURCES=${_fw_sources}"
        "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/pkg-config/exit_lifo.elf" "-DRUN=${_qemu_run}"
        "-DFORBID=uses (32-bit|variable-size) enums"
        -P ${_fw}/../package/pkg_config_test.cmake)
string(REGEX REPLACE "gcc$" "" _cross "${CODA_GCC}")  # .../arm-none-eabi-
list(JOIN _cpu_flags " " _cpu_flags)
find_program(CODA_MAKE NAMES make gmake)
add_test(NAME firmware.make.${CODA_TEST_BOARD}
    COMMAND ${CMAKE_COMMAND}
        "-DMAKE=${CODA_MAKE}" "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/make" -DGOAL=firmware -DPORT=${CODA_PORT}
        "-DMAKE_ARGS=CROSS=${_cross}|BOARD=${CODA_TEST_BOARD}|CPU_FLAGS=${_cpu_flags}|LIBC_SPECS=${_libc_specs}"
        "-DAR=${CMAKE_AR}" "-DCMAKE_LIB=$<TARGET_FILE:coda>" "-DRUN=${_qemu_run}"
        -P ${_fw}/../make/make_test.cmake)
set_tests_properties(firmware.pkg_config.${CODA_TEST_BOARD} firmware.make.${CODA_TEST_BOARD}
                     PROPERTIES LABELS "firmware;package" TIMEOUT 300)
