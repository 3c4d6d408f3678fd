# example.counter: three runs in a fresh directory count 1, 2, 3: each run's count was
# saved to counterfile by coda's exit handler and read back by the next run.
# cmake -DPROGRAM=<coda_counter> -DWORKDIR=<scratch directory> -P test_counter.cmake
include("${CMAKE_CURRENT_LIST_DIR}/example_check.cmake")

fresh_directory("${WORKDIR}")
expect_run(COMMAND "${PROGRAM}" OUTPUT "count: 1")
expect_run(COMMAND "${PROGRAM}" OUTPUT "count: 2")
expect_run(COMMAND "${PROGRAM}" OUTPUT "count: 3")
expect_file(counterfile LINES "3")
