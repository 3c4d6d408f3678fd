// probe_registry.cpp - registries of several capacities, only to read their sizes with nm.
#include "coda/registry.hpp"

constinit coda::registry<1> coda_probe_registry_1;
constinit coda::registry<8> coda_probe_registry_8;
constinit coda::registry<32> coda_probe_registry_32;
constinit coda::registry<255> coda_probe_registry_255;
