# check_references.cmake - every repository path that the READMEs, docs/ and the source
# comments name exists, so a reader sent somewhere finds it (CTest docs.references).
#   cmake -DROOT=<repository> -P check_references.cmake
# A path is a token that starts with a top-level folder of the repository (src/,
# include/, ports/, tests/, docs/, bench/, scripts/, cmake/, examples/, .ci/) and is not
# part of a longer path (build/<preset>/tests/... names a build tree, not the repository).
# A token with a wildcard (docs/benchmarks-*.png) names several files and is skipped.
cmake_policy(VERSION 3.25)
if(NOT DEFINED ROOT)
    message(FATAL_ERROR "check_references.cmake: -DROOT=<repository> is required")
endif()

set(globs)
foreach(dir src include ports tests docs bench scripts cmake examples .ci)
    foreach(ext md c h cpp hpp cmake txt pml py sh)
        list(APPEND globs ${ROOT}/${dir}/*.${ext})
    endforeach()
    list(APPEND globs ${ROOT}/${dir}/run)
endforeach()
file(GLOB_RECURSE files RELATIVE ${ROOT} ${globs})
file(GLOB top RELATIVE ${ROOT} ${ROOT}/*.md ${ROOT}/CMakeLists.txt ${ROOT}/CMakePresets.json)
list(APPEND files ${top})

set(missing)
set(checked 0)
foreach(file IN LISTS files)
    file(READ ${ROOT}/${file} text)
    # The character before the path is kept in the match (CMake has no look-behind).
    string(REGEX MATCHALL "(^|[^A-Za-z0-9_./$-])(src|include|ports|tests|docs|bench|scripts|cmake|examples|\\.ci)/[A-Za-z0-9_./+*-]*[A-Za-z0-9_+*]"
           found "${text}")
    foreach(match IN LISTS found)
        string(REGEX REPLACE "^[^A-Za-z.]" "" path "${match}")
        if(path MATCHES "\\*")
            continue()
        endif()
        math(EXPR checked "${checked} + 1")
        if(NOT EXISTS ${ROOT}/${path})
            list(APPEND missing "${path} (named in ${file})")
        endif()
    endforeach()
endforeach()

list(REMOVE_DUPLICATES missing)
list(LENGTH missing count)
if(count GREATER 0)
    list(JOIN missing "\n  " lines)
    message(FATAL_ERROR "${count} path(s) named in the repository do not exist:\n  ${lines}")
endif()
message(STATUS "docs.references: ${checked} path references, every one exists")
