# CodaGccLibc.cmake - a C library of the GNU Arm toolchain (newlib-nano, newlib,
# picolibc) as another compiler (clang) must see it: the include folders and the link
# flags arm-none-eabi-gcc itself would use, asked of gcc for one CPU and specs file.
# Included by cmake/clang-arm-none-eabi.cmake and tests/firmware/firmware_image.cmake.

# coda_gcc_libc(<gcc> <lang C|CXX> <out_prefix> <gcc option>...): sets
# <out_prefix>_INCLUDES (the C library's folders, in gcc's order, without gcc's own
# builtin headers: the other compiler has its own) and <out_prefix>_LIBS (gcc's -L
# folders and libraries, libgcc included, in its order: what follows the objects, for
# ld.lld, which needs no --start-group around archives that refer to each other).
function(coda_gcc_libc gcc lang out_prefix)
    set(options ${ARGN})
    set(driver ${gcc})
    set(language c)
    if(lang STREQUAL "CXX")
        string(REGEX REPLACE "gcc$" "g++" driver "${gcc}")
        set(language c++)
    endif()
    execute_process(COMMAND ${driver} ${options} -print-file-name=include
                    OUTPUT_VARIABLE gcc_include OUTPUT_STRIP_TRAILING_WHITESPACE)
    file(REAL_PATH "${gcc_include}" gcc_include)
    execute_process(COMMAND ${driver} ${options} -E -v -x ${language} /dev/null
                    OUTPUT_QUIET ERROR_VARIABLE search RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR NOT search MATCHES "#include <\\.\\.\\.> search starts here:\n(.*)End of search list")
        message(FATAL_ERROR "coda_gcc_libc: ${driver} ${options} -E -v failed")
    endif()
    string(REGEX MATCHALL "[^\n ]+" folders "${CMAKE_MATCH_1}")
    set(includes)
    foreach(folder IN LISTS folders)
        file(REAL_PATH "${folder}" real)
        if(NOT real MATCHES "^${gcc_include}(-fixed)?$")  # gcc's include, include-fixed
            list(APPEND includes ${real})
        endif()
    endforeach()
    # The link gcc would run (-###: printed, not run), from its collect2 line.
    execute_process(COMMAND ${driver} ${options} -nostartfiles "-###" -x ${language} /dev/null -o unused.elf
                    OUTPUT_QUIET ERROR_VARIABLE plan RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR NOT plan MATCHES "\n *\"?[^\n\"]*collect2\"? ([^\n]*)")
        message(FATAL_ERROR "coda_gcc_libc: ${driver} ${options} -### failed")
    endif()
    separate_arguments(words UNIX_COMMAND "${CMAKE_MATCH_1}")
    set(libs)
    foreach(word IN LISTS words)
        if(word MATCHES "^-L(.+)$")
            file(REAL_PATH "${CMAKE_MATCH_1}" real)
            list(APPEND libs -L${real})
        elseif(word MATCHES "^-l")  # no --start/end-group: lld finds archive cycles itself
            list(APPEND libs ${word})
        endif()
    endforeach()
    set(${out_prefix}_INCLUDES "${includes}" PARENT_SCOPE)
    set(${out_prefix}_LIBS "${libs}" PARENT_SCOPE)
endfunction()
