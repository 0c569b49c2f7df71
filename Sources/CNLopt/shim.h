// System-library shim: exposes NLopt's C interface (Debian's libnlopt-dev,
// NLopt 2.7.1) to Swift. Only Sources/Optimization/NLopt.swift calls it.
#ifndef MICROCHIMERA_CNLOPT_SHIM_H
#define MICROCHIMERA_CNLOPT_SHIM_H
#include <nlopt.h>
#endif
