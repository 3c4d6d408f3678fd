# libc_backend.cmake - firmware tests of CODA_REPLACE_LIBC_ATEXIT (the C library's atexit
# family on coda's table), included by CMakeLists.txt. For newlib-nano, picolibc (when
# installed) and full newlib:
#   libc_atexit_order       static destructors, atexit and coda entries: one exact LIFO
#   libc_atexit_overflow    past CODA_CAPACITY: refused, counted, the others still run
#   libc_atexit_quick_exit  at_quick_exit and quick entries only, LIFO, then _exit
#   libc_atexit_reset_*     atexit on exit only, or on coda_reset() too (option variant)
#   exit_lifo_libc_*        where an atexit handler runs with and without the option
#   libc_atexit_symbols     no malloc, free, _sbrk, __register_exitproc in the images
#   picolibc_cxx_link       the C++ images on picolibc: picolibc's libstdc++, nothing of
#                           newlib's, no allocator, no unwinder
#   libc_atexit_size        flash and RAM with and without the option, side by side
if(NOT CODA_REPLACE_LIBC_ATEXIT)
    message(STATUS "coda: CODA_REPLACE_LIBC_ATEXIT is OFF: its firmware tests are not built")
    return()
endif()

# coda as built with other option values, from the same core and port: the C library's
# atexit kept (CODA_REPLACE_LIBC_ATEXIT=OFF), atexit on reset too
# (CODA_LIBC_ATEXIT_ON_RESET=ON), and each CODA_LIBC_ATEXIT policy. Some images link
# them instead of coda::coda.
function(libc_backend_variant target replace on_reset policy)
    add_library(${target} STATIC)
    target_link_libraries(${target} PUBLIC coda_core)
    coda_add_firmware_port(${target} ${replace} ${on_reset} ${policy})
endfunction()
libc_backend_variant(coda_libc_kept OFF OFF table)
libc_backend_variant(coda_libc_on_reset ON ON table)
foreach(policy table discard refuse)
    libc_backend_variant(coda_libc_${policy} ON OFF ${policy})
endforeach()

# libc_backend_image(<target> LIBC <newlib-nano|picolibc|newlib> [CODA <library>] SOURCES ...):
# an image of coda_firmware_image, linking <library> instead of coda::coda when given;
# newlib is the full one.
function(libc_backend_image target)
    cmake_parse_arguments(PARSE_ARGV 1 I "" "LIBC;CODA" "SOURCES;DEFINES")
    set(coda)
    if(I_CODA)
        set(coda CODA ${I_CODA})
    endif()
    coda_firmware_image(${target} SOURCES ${I_SOURCES} DEFINES ${I_DEFINES} LIBC ${I_LIBC} ${coda})
    libc_backend_libc(${target} ${I_LIBC})
endfunction()

# Only newlib-nano comes with a libstdc++ built without exceptions. Full newlib's and
# picolibc's own (picolibcpp.specs) are built with them: their __cxa_guard_acquire
# throws recursive_init_error on a recursive initialisation, which brings __cxa_throw,
# __cxa_allocate_exception (malloc, free, sbrk), std::terminate (abort, raise) and
# libgcc's unwinder (__aeabi_unwind_cpp_pr0): the picolibc images would not even link
# here (no heap, no exception index in the boards' linker script). So a firmware on
# picolibc or full newlib builds its function-local statics with
# -fno-threadsafe-statics: no guard calls (firmware.picolibc_cxx_link checks).
function(libc_backend_libc target libc)
    if(libc STREQUAL "newlib-nano")
        return()
    endif()
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-threadsafe-statics>)
endfunction()

# The C libraries of this toolchain. The images are C++: on picolibc they take
# picolibc's libstdc++ where the toolchain has a C++ library (Arm), else none (RISC-V:
# the tests use the C headers and no C++ library function).
set(_libc_backend_libcs)
if(CODA_DEFAULT_LIBC STREQUAL "newlib-nano")
    list(APPEND _libc_backend_libcs newlib-nano newlib)
endif()
if(CODA_HAVE_PICOLIBC_CXX OR (CODA_HAVE_PICOLIBC AND NOT CODA_HAVE_CXX_LIBRARY))
    list(APPEND _libc_backend_libcs picolibc)
endif()
set(_replaced_images)
set(_kept_images)
set(_size_rows)
foreach(libc IN LISTS _libc_backend_libcs)
    string(REPLACE "-" "_" tag ${libc})
    foreach(test order:7 overflow:3 quick_exit:9 on_exit:7)
        string(REPLACE ":" ";" test ${test})
        list(GET test 0 what)
        list(GET test 1 status)
        libc_backend_image(fw_libc_atexit_${what}_${tag} LIBC ${libc} SOURCES ${_src}/libc_atexit_${what}.cpp
                           DEFINES CODA_ON_EXIT_FUNCTIONS=${CODA_ON_EXIT_FUNCTIONS})
        coda_firmware_run(libc_atexit_${what}_${tag} EXPECT ${_fw}/expected/libc_atexit_${what}.txt EXIT ${status})
        list(APPEND _replaced_images $<TARGET_FILE:fw_libc_atexit_${what}_${tag}>)
    endforeach()
    # The policies that store nothing: every C library registration answered, counted,
    # never run; exit runs coda's own entries.
    foreach(policy discard refuse)
        libc_backend_image(fw_libc_atexit_${policy}_${tag} LIBC ${libc} CODA coda_libc_${policy}
                           SOURCES ${_src}/libc_atexit_policy.cpp)
        coda_firmware_run(libc_atexit_${policy}_${tag} EXPECT ${_fw}/expected/libc_atexit_${policy}.txt EXIT 5)
        list(APPEND _replaced_images $<TARGET_FILE:fw_libc_atexit_${policy}_${tag}>)
    endforeach()
    set(variants replaced kept)
    if(libc STREQUAL "newlib")  # its own exit path needs the _init/_fini of crti.o: not compared
        set(variants replaced)
    endif()
    foreach(variant IN LISTS variants)
        set(kept)
        if(variant STREQUAL "kept")
            set(kept CODA coda_libc_kept)
        endif()
        libc_backend_image(fw_exit_lifo_libc_${variant}_${tag} LIBC ${libc} ${kept}
                           SOURCES ${_src}/exit_lifo.c DEFINES WITH_ATEXIT)
        coda_firmware_run(exit_lifo_libc_${variant}_${tag} EXPECT ${_fw}/expected/exit_lifo_libc_${variant}.txt EXIT 42)
    endforeach()
    list(APPEND _replaced_images $<TARGET_FILE:fw_exit_lifo_libc_replaced_${tag}>)
    if("kept" IN_LIST variants)
        list(APPEND _kept_images $<TARGET_FILE:fw_exit_lifo_libc_kept_${tag}>)
        # The size probe under each policy and with the C library's own atexit, side by side.
        set(row ${libc})
        if(libc STREQUAL "picolibc" AND CODA_HAVE_CXX_LIBRARY)
            set(row "picolibc (picolibcpp.specs)")  # its own libstdc++
        elseif(libc STREQUAL "picolibc")
            set(row "picolibc (no C++ library)")
        endif()
        foreach(variant table discard refuse kept)
            libc_backend_image(fw_size_libc_atexit_${variant}_${tag} LIBC ${libc} CODA coda_libc_${variant}
                               SOURCES ${_fw}/size/probe_libc_atexit.cpp DEFINES BOARD_PLAIN_NMI BOARD_NO_CODA_BOOT)
            string(APPEND row "=$<TARGET_FILE:fw_size_libc_atexit_${variant}_${tag}>")
            if(NOT variant STREQUAL "kept")
                list(APPEND _replaced_images $<TARGET_FILE:fw_size_libc_atexit_${variant}_${tag}>)
            endif()
        endforeach()
        list(APPEND _size_rows "${row}")
    endif()
endforeach()

# No atexit user at all (exit_lifo.c): the C library's exit alone must not bring its
# atexit code back (full newlib's would, without -u __call_exitprocs).
list(APPEND _replaced_images $<TARGET_FILE:fw_exit_lifo>)
if("newlib" IN_LIST _libc_backend_libcs)
    libc_backend_image(fw_exit_lifo_newlib LIBC newlib SOURCES ${_src}/exit_lifo.c)
    coda_firmware_run(exit_lifo_newlib EXPECT ${_fw}/expected/exit_lifo.txt EXIT 42)
    list(APPEND _replaced_images $<TARGET_FILE:fw_exit_lifo_newlib>)
endif()
if(TARGET fw_exit_lifo_picolibc)
    list(APPEND _replaced_images $<TARGET_FILE:fw_exit_lifo_picolibc>)
endif()

# Which triggers atexit handlers and static destructors get: exit only, or reset too.
foreach(variant exit_only on_reset)
    set(coda)
    if(variant STREQUAL "on_reset")
        set(coda CODA coda_libc_on_reset)
    endif()
    libc_backend_image(fw_libc_atexit_reset_${variant} LIBC ${CODA_DEFAULT_LIBC} ${coda} SOURCES ${_src}/libc_atexit_reset.cpp)
    coda_firmware_run(libc_atexit_reset_${variant})
endforeach()

# The images with the option must not hold the C library's atexit code or an allocator;
# the same check must find them in the images without it (else it proves nothing).
string(REPLACE ";" "|" _replaced_images "${_replaced_images}")
string(REPLACE ";" "|" _kept_images "${_kept_images}")
add_test(NAME firmware.libc_atexit_symbols.${CODA_TEST_BOARD}
         COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} "-DREPLACED=${_replaced_images}" "-DKEPT=${_kept_images}"
                 -P ${_fw}/size/libc_atexit_symbols.cmake)
set_tests_properties(firmware.libc_atexit_symbols.${CODA_TEST_BOARD} PROPERTIES TIMEOUT 60 LABELS firmware)

# The C++ images on picolibc take picolibc's libstdc++ and libc and libgcc, nothing of
# newlib's, no allocator, no unwinder (their linker maps and symbols).
if(CODA_HAVE_PICOLIBC_CXX)
    set(_picolibc_cxx_images)
    foreach(image libc_atexit_order libc_atexit_overflow libc_atexit_quick_exit libc_atexit_on_exit
                  libc_atexit_discard libc_atexit_refuse size_libc_atexit_table size_libc_atexit_discard
                  size_libc_atexit_refuse size_libc_atexit_kept)
        list(APPEND _picolibc_cxx_images $<TARGET_FILE:fw_${image}_picolibc>)
    endforeach()
    string(REPLACE ";" "|" _picolibc_cxx_images "${_picolibc_cxx_images}")
    add_test(NAME firmware.picolibc_cxx_link.${CODA_TEST_BOARD}
             COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DPICOLIBC_DIR=${CODA_PICOLIBC_LIB_DIR}
                     -DLIBGCC=${CODA_LIBGCC} "-DIMAGES=${_picolibc_cxx_images}"
                     -DEXPECT_LIBSTDCXX=$<STREQUAL:${CMAKE_CXX_COMPILER_ID},GNU>
                     -P ${_fw}/size/picolibc_cxx_link.cmake)
    set_tests_properties(firmware.picolibc_cxx_link.${CODA_TEST_BOARD} PROPERTIES TIMEOUT 60 LABELS firmware)
endif()

string(REPLACE ";" "|" _size_rows "${_size_rows}")
add_test(NAME firmware.libc_atexit_size.${CODA_TEST_BOARD}
         COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DCPU=${CODA_CPU} "-DROWS=${_size_rows}"
                 -P ${_fw}/size/libc_atexit_size.cmake)
set_tests_properties(firmware.libc_atexit_size.${CODA_TEST_BOARD} PROPERTIES TIMEOUT 60 LABELS "firmware;size")
