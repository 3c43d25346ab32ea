/**
 * The two WARs {@link dev.resultstore.benchmarks.deployment.DeploymentOverhead} deploys: the same
 * small application (a Jakarta REST resource running a CDI bean's method on the server's
 * {@code ManagedExecutorService}) with ResultStore ({@code with}: {@code @StoreResult} on the
 * method, the store injected, resultstore-api and -impl in {@code WEB-INF/lib}) and without it
 * ({@code without}). Compiled with the benchmarks, never loaded by them: their class files are
 * copied into the WARs.
 */
package dev.resultstore.benchmarks.deployment.app;
