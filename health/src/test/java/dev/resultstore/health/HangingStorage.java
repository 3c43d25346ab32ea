package dev.resultstore.health;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import dev.resultstore.spi.Storage;
import dev.resultstore.spi.StoredObject;

/** A storage whose listing hangs until {@link #answer()}: a network storage that stopped answering. */
public class HangingStorage implements Storage {

    static volatile CountDownLatch answers = new CountDownLatch(1);

    static void answer() {
        answers.countDown();
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        try {
            answers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return Stream.empty();
    }

    @Override
    public void put(String key, byte[] value) {
        throw new UnsupportedOperationException("the health checks only list");
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.empty();
    }

    @Override
    public boolean delete(String key) {
        return false;
    }
}
