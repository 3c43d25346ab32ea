package dev.resultstore.impl;

/** Lets tests in other packages see {@link RecordingStorage}'s counters. */
public final class RecordingStorageAccess {

    private RecordingStorageAccess() {
    }

    public static int closed() {
        return RecordingStorage.CLOSED.get();
    }

    public static String className() {
        return RecordingStorage.class.getName();
    }
}
