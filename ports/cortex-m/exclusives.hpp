// exclusives.hpp - whether this CPU has byte and halfword exclusives (LDREXB/H, STREXB/H):
// ARMv7-M and ARMv8-M yes, ARMv6-M no (port.cpp and nmi.cpp choose their code by it).
#ifndef CODA_CM_EXCLUSIVES_HPP
#define CODA_CM_EXCLUSIVES_HPP

#if defined(__ARM_FEATURE_LDREX) && (__ARM_FEATURE_LDREX & 3) == 3
#define CODA_CM_EXCLUSIVE 1
#else
#define CODA_CM_EXCLUSIVE 0
#endif

#endif // CODA_CM_EXCLUSIVES_HPP
