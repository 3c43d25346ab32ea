package dev.resultstore.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link S3Proxy} parameter (constructor, lifecycle or test method): one in-memory
 * s3proxy shared by every test class of the run, started on first use and stopped when the run
 * ends, whatever the tests did. Tests that stop the server start their own with
 * {@link S3Proxy#startOnDisk} instead.
 *
 * <pre>{@code
 * @ExtendWith(S3ProxyExtension.class)
 * class MyTest {
 *     MyTest(S3Proxy s3) { ... }
 * }
 * }</pre>
 */
public final class S3ProxyExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Proxy.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, type -> Running.start(), Running.class)
                .s3proxy();
    }

    /** Closed by JUnit when the root context closes: after the last test, failed or not. */
    private record Running(S3Proxy s3proxy) implements ExtensionContext.Store.CloseableResource {
        static Running start() {
            try {
                return new Running(S3Proxy.startInMemory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting s3proxy", e);
            }
        }

        @Override
        public void close() {
            s3proxy.close();
        }
    }
}
