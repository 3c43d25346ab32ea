package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where parallel deletes run: on the container's default ManagedExecutorService when JNDI has one,
 * else on threads of the storage that {@link AzureBlobStorage#close()} stops. On path-style URLs
 * Azurite refuses Blob Batch, so {@code deleteAll} deletes blob by blob in parallel.
 */
@ExtendWith(AzuriteExtension.class)
class AzureBlobStorageThreadsTest {

    private static final String FACTORY = "java.naming.factory.initial";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Azurite azurite;

    AzureBlobStorageThreadsTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Test
    void underJavaSeCloseStopsTheDeleteThreadsTheStorageStarted() throws IOException, InterruptedException {
        String container = "threads-se-" + CONTAINERS.incrementAndGet();
        AzureBlobStorage storage = started(container);
        List<String> keys = stored(storage, 20);

        assertThat(storage.deleteAll(keys).deleted()).isEqualTo(20);
        List<Thread> deleteThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(AzureBlobStorage.DELETE_THREAD_PREFIX + container + "-"))
                .toList();
        assertThat(deleteThreads).as("threads of this storage").isNotEmpty();

        storage.close();

        for (Thread thread : deleteThreads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
    }

    @Test
    void inAContainerDeletesRunOnTheDefaultManagedExecutorServiceWhichCloseLeavesRunning() throws Exception {
        ExecutorService managed = Executors.newFixedThreadPool(4);
        ContainerJndi.executor = managed;
        AzureBlobStorage storage;
        String previous = System.getProperty(FACTORY);
        System.setProperty(FACTORY, ContainerJndi.class.getName());
        try {
            storage = started("threads-ee-" + CONTAINERS.incrementAndGet());
        } finally {
            if (previous == null) {
                System.clearProperty(FACTORY);
            } else {
                System.setProperty(FACTORY, previous);
            }
        }
        try {
            List<String> keys = stored(storage, 20);

            assertThat(storage.deleteAll(keys).deleted()).isEqualTo(20);
            assertThat(ContainerJndi.submitted.get()).as("tasks given to the managed executor").isPositive();
            assertThat(ContainerJndi.lookedUp).containsExactly("java:comp/DefaultManagedExecutorService");
            storage.close();
            assertThat(managed.isShutdown()).as("the container's executor is the container's to stop").isFalse();
        } finally {
            managed.shutdownNow();
        }
    }

    private AzureBlobStorage started(String container) throws IOException {
        AzureBlobStorage storage = new AzureBlobStorage(azurite.connectionString(), container);
        storage.setCreateContainer(true);
        storage.start();
        return storage;
    }

    private static List<String> stored(AzureBlobStorage storage, int count) throws IOException {
        List<String> keys = IntStream.range(0, count).mapToObj(i -> "celery-task-meta-" + i).toList();
        for (String key : keys) {
            storage.put(key, "{}".getBytes(UTF_8));
        }
        return keys;
    }

    /** A JNDI provider standing in for a Jakarta EE container's naming, with its default executor. */
    public static final class ContainerJndi implements InitialContextFactory {
        static volatile ExecutorService executor;
        static final AtomicInteger submitted = new AtomicInteger();
        static final List<String> lookedUp = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
            return new InitialContext(true) {
                @Override
                public Object lookup(String name) throws NamingException {
                    lookedUp.add(name);
                    if (!name.equals("java:comp/DefaultManagedExecutorService")) {
                        throw new javax.naming.NameNotFoundException(name);
                    }
                    return new java.util.concurrent.AbstractExecutorService() {
                        @Override
                        public void execute(Runnable command) {
                            submitted.incrementAndGet();
                            executor.execute(command);
                        }

                        @Override
                        public void shutdown() {
                            throw new IllegalStateException("a managed executor cannot be shut down by applications");
                        }

                        @Override
                        public List<Runnable> shutdownNow() {
                            throw new IllegalStateException("a managed executor cannot be shut down by applications");
                        }

                        @Override
                        public boolean isShutdown() {
                            return executor.isShutdown();
                        }

                        @Override
                        public boolean isTerminated() {
                            return executor.isTerminated();
                        }

                        @Override
                        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                            return executor.awaitTermination(timeout, unit);
                        }
                    };
                }
            };
        }
    }
}
