package dev.resultstore.it;

import java.net.URL;

/** An application server process a test starts, stops and kills itself (not the Arquillian container). */
interface ServerNode extends AutoCloseable {

    /** Where the deployed application answers, e.g. http://127.0.0.1:41234/limbo/. */
    URL url();

    /** Stops the server as SIGTERM does and waits until it exited; returns whether it exited in time. */
    boolean stopGracefully() throws InterruptedException;

    /** Kills the server at once ({@code kill -9}): no shutdown hook, no undeployment runs. */
    void kill() throws InterruptedException;

    @Override
    void close() throws InterruptedException;
}
