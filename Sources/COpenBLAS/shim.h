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

// LAPACK's eigenvalues and eigenvectors of a symmetric tridiagonal matrix
// (Gauss quadrature nodes by Golub-Welsch); also not declared by f77blas.h.
int dstev_(char *jobz, blasint *n, double *d, double *e, double *z, blasint *ldz,
           double *work, blasint *info);
#endif
