# check_references.cmake - every repository path that the READMEs, docs/ and the source
# comments name exists, so a reader sent somewhere finds it (CTest docs.references).
#   cmake -DROOT=<repository> -P check_references.cmake
# A path is a token that starts with a top-level folder of the repository (src/,
# include/, ports/, boards/, tests/, docs/, bench/, scripts/, cmake/, examples/, .ci/) and is not
# part of a longer path (build/<preset>/tests/... names a build tree, not the repository).
# A token with a wildcard (docs/benchmarks-*.png) names several files and is skipped.
# Then the commands the Markdown files show for the project's scripts (below), and the
# citations of the rules: they point to docs/semantics.md, by section ("docs/semantics.md
# section 9") or by rule ("docs/semantics.md, S4"), and the section or rule must be there.
# The product contract's own file is not in the repository, so naming it fails, and so
# does a contract section or rule cited by number without naming docs/semantics.md.
cmake_policy(VERSION 3.25)
if(NOT DEFINED ROOT)
    message(FATAL_ERROR "check_references.cmake: -DROOT=<repository> is required")
endif()

set(globs)
foreach(dir src include ports boards tests docs bench scripts cmake examples .ci)
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
    # A "[" kept in a match would open a bracket in the CMake list of matches and glue
    # the following ones together: a Markdown link whose text is a path starts with one.
    string(REPLACE "[" " " text "${text}")
    # The character before the path is kept in the match (CMake has no look-behind).
    string(REGEX MATCHALL "(^|[^A-Za-z0-9_./$-])(src|include|ports|boards|tests|docs|bench|scripts|cmake|examples|\\.ci)/[A-Za-z0-9_./+*-]*[A-Za-z0-9_+*]"
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

# Commands shown for the project's own scripts: every --option is one the script takes,
# every -DMACRO given to tests/model/check.sh is one a model defines, and every mutant
# named after mutate.py's --only is in its list.
file(GLOB models ${ROOT}/tests/model/*.pml)
set(model_text "")
foreach(model IN LISTS models)
    file(READ ${model} text)
    string(APPEND model_text "${text}")
endforeach()
foreach(file IN LISTS files)
    if(NOT file MATCHES "\\.md$")
        continue()
    endif()
    file(STRINGS ${ROOT}/${file} lines REGEX "(scripts|tests/[a-z]+)/[A-Za-z0-9_.-]+\\.(sh|py)")
    foreach(line IN LISTS lines)
        string(REGEX MATCH "((scripts|tests/[a-z]+)/[A-Za-z0-9_.-]+\\.(sh|py))(.*)$" command "${line}")
        set(script ${CMAKE_MATCH_1})
        set(rest "${CMAKE_MATCH_4}")
        string(REGEX REPLACE "[#`].*$" "" rest "${rest}")  # up to a comment or the code span's end
        if(NOT EXISTS ${ROOT}/${script})
            continue()  # reported above
        endif()
        file(READ ${ROOT}/${script} script_text)
        string(REGEX MATCHALL "(^| )--[a-z][a-z-]*" options "${rest}")
        foreach(option IN LISTS options)
            string(STRIP "${option}" option)
            string(FIND "${script_text}" "${option}" at)
            if(at EQUAL -1)
                list(APPEND missing "${script} has no option ${option} (shown in ${file})")
            endif()
        endforeach()
        if(script STREQUAL "tests/model/check.sh")
            string(REGEX MATCHALL "-D[A-Z_]+" macros "${rest}")
            foreach(macro IN LISTS macros)
                string(SUBSTRING "${macro}" 2 -1 name)
                string(FIND "${model_text}" "${name}" at)
                if(at EQUAL -1)
                    list(APPEND missing "no model defines ${name} (shown in ${file})")
                endif()
            endforeach()
        endif()
        if(rest MATCHES "--only ([a-z_,]+)")
            string(REPLACE "," ";" mutants "${CMAKE_MATCH_1}")
            foreach(mutant IN LISTS mutants)
                string(FIND "${script_text}" "\"${mutant}\"" at)
                if(at EQUAL -1)
                    list(APPEND missing "mutate.py has no mutant ${mutant} (shown in ${file})")
                endif()
            endforeach()
        endif()
        math(EXPR checked "${checked} + 1")
    endforeach()
endforeach()

# Citations of the rules. The sections of docs/semantics.md are its "## N." headings,
# its rules the "**SN " items of section 3.
set(semantics ${ROOT}/docs/semantics.md)
set(sections)
set(rules)
if(EXISTS ${semantics})
    file(STRINGS ${semantics} headings REGEX "^## [0-9]+\\.")
    foreach(heading IN LISTS headings)
        string(REGEX MATCH "^## ([0-9]+)" _ "${heading}")
        list(APPEND sections ${CMAKE_MATCH_1})
    endforeach()
    file(READ ${semantics} text)
    string(REGEX MATCHALL "\\*\\*S[0-9]+ " items "${text}")
    foreach(item IN LISTS items)
        string(REGEX MATCH "[0-9]+" number "${item}")
        list(APPEND rules ${number})
    endforeach()
endif()
# Between the parts of a citation: spaces, a line break, a comment's leader.
set(gap "[ \t\n#/*]+")
foreach(file IN LISTS files)
    file(READ ${ROOT}/${file} text)
    # The contract's file name, spelled with a class per letter so that this file does
    # not match itself.
    string(REGEX MATCHALL "[Cc][Oo][Nn][Tt][Rr][Aa][Cc][Tt]\\.[Mm][Dd]" found "${text}")
    foreach(match IN LISTS found)
        list(APPEND missing "${match} (named in ${file}) is not in the repository: cite docs/semantics.md")
    endforeach()
    string(REGEX MATCHALL "(^|[^A-Za-z])[Cc]ontract${gap}(sections?${gap}[0-9]+|rules?${gap}S[0-9]+|S[0-9]+)" found "${text}")
    string(REGEX MATCHALL "§ ?[0-9]+" more "${text}")
    foreach(match IN LISTS found more)
        string(REGEX REPLACE "^[^A-Za-z§]" "" match "${match}")
        string(REGEX REPLACE "${gap}" " " match "${match}")
        list(APPEND missing "'${match}' (in ${file}) cites a contract that is not in the repository: cite docs/semantics.md")
    endforeach()
    # docs/semantics.md section 9 / sections 3 and 6 / sections 3, 6; docs/semantics.md, S4 /
    # S1-S10 / S1..S14. A Markdown link to it counts as its name; it is made plain first,
    # as a bracket in a match would break the list of matches.
    string(REGEX REPLACE "semantics\\.md`?\\]\\([^)]*\\)" "semantics.md" text "${text}")
    string(REGEX MATCHALL "semantics\\.md(${gap}sections?${gap}[0-9]+((,${gap}|${gap}and${gap}|,${gap}and${gap})[0-9]+)*|,${gap}S[0-9]+((-|\\.\\.)S[0-9]+)?)"
           found "${text}")
    foreach(match IN LISTS found)
        string(REGEX REPLACE "^semantics\\.md,?" "" cited "${match}")
        string(REGEX REPLACE "${gap}" " " cited "${cited}")
        string(STRIP "${cited}" cited)
        string(REGEX MATCHALL "[0-9]+" numbers "${cited}")
        if(cited MATCHES "S[0-9]")
            set(known ${rules})
            set(what rule)
        else()
            set(known ${sections})
            set(what section)
        endif()
        foreach(number IN LISTS numbers)
            math(EXPR checked "${checked} + 1")
            if(NOT number IN_LIST known)
                list(APPEND missing "docs/semantics.md has no ${what} ${number} ('${cited}' in ${file})")
            endif()
        endforeach()
    endforeach()
endforeach()

list(REMOVE_DUPLICATES missing)
list(LENGTH missing count)
if(count GREATER 0)
    list(JOIN missing "\n  " lines)
    message(FATAL_ERROR "${count} reference(s) in the repository do not hold:\n  ${lines}")
endif()
message(STATUS "docs.references: ${checked} path references, script commands and rule citations, every one holds")
