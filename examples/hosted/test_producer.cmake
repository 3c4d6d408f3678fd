# example.producer.exit / example.producer.sigterm: no buffered message is lost, whether
# the producer exits or is killed by SIGTERM (the program also checks, in its exit status).
# cmake -DPROGRAM=<coda_producer> -DWORKDIR=<scratch directory> -DCASE=exit|sigterm -P test_producer.cmake
include("${CMAKE_CURRENT_LIST_DIR}/example_check.cmake")

fresh_directory("${WORKDIR}")
if(CASE STREQUAL "exit")
    expect_run(COMMAND "${PROGRAM}" exit
               OUTPUT "producer: 20 messages sent, 4 still buffered; it exits"
                      "consumer: received 20 of 20 messages, in order"
                      "producer: exited with status 0")
elseif(CASE STREQUAL "sigterm")
    expect_run(COMMAND "${PROGRAM}" sigterm
               OUTPUT "producer: 20 messages sent, 4 still buffered; the consumer sends it SIGTERM"
                      "consumer: received 20 of 20 messages, in order"
                      "producer: killed by SIGTERM")
else()
    message(FATAL_ERROR "CASE must be exit or sigterm, not '${CASE}'")
endif()
