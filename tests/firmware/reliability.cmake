# Reliability tests of issue 7 (docs/reliability.md), included by CMakeLists.txt.
coda_firmware_test(power_cut SOURCES ${_src}/power_cut.c)
