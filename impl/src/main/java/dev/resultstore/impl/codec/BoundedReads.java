package dev.resultstore.impl.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reading a stored document from a stream without paying for more than it holds. */
final class BoundedReads {

    /** The first read of a document from a stream: larger than most documents of small results. */
    static final int FIRST_READ = 1024;

    private BoundedReads() {
    }

    /**
     * Up to {@code limit} bytes of {@code in}: first {@value #FIRST_READ} bytes (most documents are
     * smaller), then a buffer sized by what the stream says is left (a file's exact remainder), so
     * that a small document costs one small buffer and a large one is not gathered in chunks and
     * copied again ({@code InputStream.readNBytes} starts with 8 KiB whatever the size).
     */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, FIRST_READ)];
        int length = 0;
        while (true) {
            length += in.readNBytes(buffer, length, buffer.length - length);
            if (length < buffer.length || buffer.length == limit) {
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            }
            long wanted = (long) length + Math.max(in.available() + 1L, length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, wanted));
        }
    }
}
