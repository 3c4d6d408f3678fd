// port_headers.cpp - port_headers.c as C++: the ports' headers compile unchanged in C++.
#include "port_headers.c"
