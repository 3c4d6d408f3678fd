# cmake --install: headers, the library, a package config for find_package(coda) and
# coda.pc for pkg-config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/coda DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS coda EXPORT coda-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT coda-targets NAMESPACE coda:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/coda)
configure_package_config_file(cmake/coda-config.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/coda-config.cmake
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/coda)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/coda-config-version.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/coda-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/coda-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/coda)

# coda.pc: the flags coda::coda carries, spelled for a compiler driver. Link options keep
# the exit hook (LINKER: becomes -Wl,); the hosted port adds its threads, dl and C++
# runtime libraries (its objects catch a handler's exception), the firmware ports none.
get_target_property(_defs coda INTERFACE_COMPILE_DEFINITIONS)
list(FILTER _defs EXCLUDE REGEX "-NOTFOUND$")
list(TRANSFORM _defs PREPEND -D)
list(JOIN _defs " " CODA_PC_CFLAGS)
set(_libs)
get_target_property(_options coda INTERFACE_LINK_OPTIONS)
foreach(option IN LISTS _options)
    if(option AND NOT option MATCHES "-NOTFOUND$")
        string(REGEX REPLACE "^LINKER:" "-Wl," option "${option}")
        list(APPEND _libs "${option}")
    endif()
endforeach()
get_target_property(_link_libraries coda INTERFACE_LINK_LIBRARIES)
foreach(library IN LISTS _link_libraries)
    if(library MATCHES "^::@" OR library MATCHES "-NOTFOUND$")
        # CMake's own marker of the directory that added what follows, or nothing at all
    elseif(library STREQUAL "Threads::Threads")
        list(APPEND _libs ${CMAKE_THREAD_LIBS_INIT})
    elseif(library MATCHES "^[A-Za-z0-9_+.-]+$")
        list(APPEND _libs -l${library})
    elseif(library)
        message(FATAL_ERROR "coda.pc: no pkg-config spelling for coda's link library '${library}'")
    endif()
endforeach()
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Generic")
    foreach(library IN LISTS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)  # the C++ runtime, not C's own
        if(NOT library IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES)
            list(APPEND _libs -l${library})
        endif()
    endforeach()
endif()
list(REMOVE_DUPLICATES _libs)
list(JOIN _libs " " CODA_PC_LIBS)
configure_file(cmake/coda.pc.in ${CMAKE_CURRENT_BINARY_DIR}/coda.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/coda.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
