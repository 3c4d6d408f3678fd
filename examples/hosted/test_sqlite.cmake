# example.sqlite: rows inserted in a transaction left open are committed at exit by coda.
# example.sqlite.without_coda: the same program with no exit handler loses them.
# cmake -DPROGRAM=<coda_sqlite_orders> -DWORKDIR=<scratch directory> -DMODE=write|forget -P test_sqlite.cmake
include("${CMAKE_CURRENT_LIST_DIR}/example_check.cmake")

fresh_directory("${WORKDIR}")
if(MODE STREQUAL "write")
    expect_run(COMMAND "${PROGRAM}" write orders.db
               OUTPUT "write: 3 rows inserted, transaction left open; returning from main"
                      "commit_and_close: transaction committed, connection closed")
    expect_run(COMMAND "${PROGRAM}" check orders.db
               OUTPUT "check: row 1: apples" "check: row 2: bread" "check: row 3: cheese"
                      "check: 3 rows in orders")
elseif(MODE STREQUAL "forget")
    expect_run(COMMAND "${PROGRAM}" forget orders.db
               OUTPUT "forget: 3 rows inserted, transaction left open; returning from main with no exit handler")
    expect_run(COMMAND "${PROGRAM}" check orders.db
               OUTPUT "check: 0 rows in orders")
else()
    message(FATAL_ERROR "MODE must be write or forget, not '${MODE}'")
endif()
