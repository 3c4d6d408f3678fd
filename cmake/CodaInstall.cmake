# cmake --install: headers, the library and a package config for find_package(coda).
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
