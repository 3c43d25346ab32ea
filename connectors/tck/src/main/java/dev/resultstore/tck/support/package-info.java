/**
 * Test support the connectors' own tests share, beside the TCK: servers on 127.0.0.1 that answer
 * with errors or not at all, emulators run as child processes, the outage and two-node race runs,
 * and the assertions on retryable and non-retryable failures.
 */
package dev.resultstore.tck.support;
