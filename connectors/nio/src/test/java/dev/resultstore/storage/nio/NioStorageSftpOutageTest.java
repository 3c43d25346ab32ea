package dev.resultstore.storage.nio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStores;
import dev.resultstore.StorageException;
import dev.resultstore.TaskState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SFTP server stops for about 10 seconds and comes back on the same port while results are
 * stored: each one is stored after retries or reaches the caller as a StorageException; none is lost.
 */
class NioStorageSftpOutageTest {

    @TempDir
    Path served;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noResultIsLostWhileTheServerIsDownAndBack() throws Exception {
        AtomicInteger stored = new AtomicInteger();
        ConcurrentLinkedQueue<String> storedIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusedIds = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SftpServer sftp = SftpServer.start(served, SftpServer.newKeyPair());
                ResultBackend results = ResultStores.create(Map.of(
                        "resultstore.storage", "nio",
                        "resultstore.storage.config.uri", sftp.uri(SftpServer.PASSWORD_USER, "outage").toString(),
                        "resultstore.storage.config.environment.password", SftpServer.PASSWORD,
                        "resultstore.storage.config.allow-non-atomic", "true",
                        "resultstore.retry.max-retries", "8",
                        "resultstore.retry.backoff", "PT0.5S",
                        "resultstore.retry.max-backoff", "PT3S",
                        "resultstore.cleanup.interval", "0"))) {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; writing.get(); i++) {
                    String id = "task-" + i;
                    try {
                        results.storeSuccess(id, i);
                        storedIds.add(id);
                        stored.incrementAndGet();
                    } catch (StorageException e) {
                        refusedIds.add(id);
                    }
                }
                return null;
            });
            awaitAtLeast(stored, 20);
            sftp.stop();
            TimeUnit.SECONDS.sleep(10); // the outage's length, not an ordering
            sftp.restart();
            int beforeRecovery = stored.get();
            awaitAtLeast(stored, beforeRecovery + 20);
            writing.set(false);
            writes.get();

            List<String> missing = storedIds.stream().filter(id -> results.result(id).state() != TaskState.SUCCESS).toList();
            System.out.printf("outage: %d stored, %d refused with StorageException%n", storedIds.size(), refusedIds.size());
            assertThat(missing).as("results reported stored but not there").isEmpty();
            assertThat(storedIds.size() + refusedIds.size()).as("every store either stored or refused")
                    .isEqualTo(Integer.parseInt(last(storedIds, refusedIds).substring("task-".length())) + 1);
        } finally {
            writing.set(false);
            writer.shutdownNow();
        }
    }

    private static String last(ConcurrentLinkedQueue<String> a, ConcurrentLinkedQueue<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream())
                .max(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring("task-".length())))).orElseThrow();
    }

    private static void awaitAtLeast(AtomicInteger count, int target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (count.get() < target) {
            assertThat(System.nanoTime() - deadline).as("waiting for %d stored results", target).isNegative();
            Thread.onSpinWait();
        }
    }
}
