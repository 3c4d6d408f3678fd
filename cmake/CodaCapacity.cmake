# coda_check_capacity(VALUE): stops the configure unless VALUE is a plain decimal from 1
# to 65535. No leading zero: the compiler would read 0100 as octal 64.
function(coda_check_capacity value)
    if(NOT value MATCHES "^[1-9][0-9]*$" OR value GREATER 65535)
        message(FATAL_ERROR "CODA_CAPACITY must be a number from 1 to 65535, not '${value}'")
    endif()
endfunction()
