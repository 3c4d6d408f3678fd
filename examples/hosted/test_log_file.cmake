# example.log_file: the log file ends with the closing line that coda's exit handler wrote.
# cmake -DPROGRAM=<coda_log_file> -DWORKDIR=<scratch directory> -P test_log_file.cmake
include("${CMAKE_CURRENT_LIST_DIR}/example_check.cmake")

fresh_directory("${WORKDIR}")
expect_run(COMMAND "${PROGRAM}" app.log
           OUTPUT "main: 2 lines logged; returning from main with the log still open"
                  "close_log: closing line written, log file closed")
expect_file(app.log LINES "service started" "handled 3 requests" "log closed after 2 lines")
