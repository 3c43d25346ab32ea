package dev.resultstore.impl;

/**
 * Who this JVM is among the writers of a store: one id per start of the process, the same for
 * every application and class loader in it, so that a node restarting after a crash tells its
 * dead instance's documents from those of its live neighbours.
 */
public final class NodeIdentity {

    /** {@code <pid>@<process start, epoch ms>}. */
    public static final String INSTANCE = ProcessHandle.current().pid() + "@"
            + ProcessHandle.current().info().startInstant().map(start -> Long.toString(start.toEpochMilli())).orElse("0");

    private NodeIdentity() {
    }

    /** {@code <node>/<instance>}: the owner written into this node's non-ready documents. */
    public static String owner(String nodeName) {
        return nodeName.replace('/', '_') + "/" + INSTANCE;
    }
}
