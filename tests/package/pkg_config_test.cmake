# pkg_config_test.cmake - a user without CMake: install coda, then compile and link a
# program with nothing but the compiler and pkg-config's flags, and run it.
#   cmake -DCODA_BUILD_DIR=<build> -DCONFIG=<config> -DPREFIX=<dir> -DLIBDIR=<lib folder>
#         -DCC=<compiler> -DFLAGS=a|b -DSOURCES=a|b -DOUT=<program>
#         -DRUN=<cmake -P arguments, "|"-separated> [-DFORBID=<regex>] -P pkg_config_test.cmake
# FLAGS are the target's own (-mcpu=..., a linker script); RUN is a check script and its
# arguments, given the program as -DPROGRAM and -DELF; the compiler's output must not
# match FORBID.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/step.cmake)

file(REMOVE_RECURSE "${PREFIX}")
step("install into ${PREFIX}" ${CMAKE_COMMAND} --install "${CODA_BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}")
find_program(PKG_CONFIG pkg-config REQUIRED)
# Only the prefix's coda.pc: PKG_CONFIG_LIBDIR replaces the default search path.
execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_LIBDIR=${PREFIX}/${LIBDIR}/pkgconfig
                        ${PKG_CONFIG} --cflags --libs coda
                OUTPUT_VARIABLE pc_flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs coda failed (${rc})")
endif()
message(STATUS "pkg-config --cflags --libs coda: ${pc_flags}")
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
string(REPLACE "|" ";" flags "${FLAGS}")
string(REPLACE "|" ";" sources "${SOURCES}")
get_filename_component(out_dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${out_dir}")
execute_process(COMMAND ${CC} ${flags} ${sources} ${pc_flags} -o ${OUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR (FORBID AND out MATCHES "${FORBID}"))
    message("${out}")
    message(FATAL_ERROR "${CC} <sources> \$(pkg-config --cflags --libs coda) failed (${rc}) or said "
                        "what it must not ('${FORBID}'), output above")
endif()
message(STATUS "${CC} <sources> \$(pkg-config --cflags --libs coda): ok")
string(REPLACE "|" ";" run "${RUN}")
step("run ${OUT}" ${CMAKE_COMMAND} -DPROGRAM=${OUT} -DELF=${OUT} ${run})
