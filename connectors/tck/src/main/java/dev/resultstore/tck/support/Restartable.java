package dev.resultstore.tck.support;

/** A server a test can take away and bring back on the same address, to simulate an outage. */
public interface Restartable {

    /** Stops serving, waiting until connections are refused. */
    void stop() throws Exception;

    /** Serves again on the same address, waiting until it answers. */
    void start() throws Exception;
}
