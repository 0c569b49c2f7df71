// System-library shim: exposes OpenBLAS's CBLAS interface and the Fortran
// LAPACK symbols (dgesv_ and friends, declared in f77blas.h) to Swift.
// Only the LinearAlgebra target imports this module.
#ifndef MICROCHIMERA_COPENBLAS_SHIM_H
#define MICROCHIMERA_COPENBLAS_SHIM_H
#include <cblas.h>
#include <f77blas.h>

// LAPACK's pivoted Cholesky factorisation of a positive semidefinite matrix.
// OpenBLAS ships it (from reference LAPACK) but f77blas.h does not declare it.
int dpstrf_(char *uplo, blasint *n, double *a, blasint *lda, blasint *piv,
            blasint *rank, double *tol, double *work, blasint *info);
#endif
