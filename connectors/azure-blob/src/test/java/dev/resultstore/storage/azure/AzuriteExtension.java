package dev.resultstore.storage.azure;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link Azurite} parameter (constructor, lifecycle or test method): one in-memory
 * Azurite shared by every test class of the run, started on first use and stopped when the run
 * ends, whatever the tests did. A {@link SecureAzurite} parameter is another such Azurite, on
 * HTTPS with Microsoft Entra ID tokens. Tests that stop Azurite start their own with
 * {@link Azurite#startPersistent()} instead.
 *
 * <pre>{@code
 * @ExtendWith(AzuriteExtension.class)
 * class MyTest {
 *     MyTest(Azurite azurite) { ... }
 * }
 * }</pre>
 */
public final class AzuriteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AzuriteExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Azurite.class || type == SecureAzurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == SecureAzurite.class) {
            return store.getOrComputeIfAbsent(RunningSecure.class, type -> RunningSecure.start(), RunningSecure.class).secure();
        }
        return store.getOrComputeIfAbsent(Running.class, type -> Running.start(), Running.class).azurite();
    }

    private record RunningSecure(SecureAzurite secure) implements ExtensionContext.Store.CloseableResource {
        static RunningSecure start() {
            try {
                return new RunningSecure(SecureAzurite.start());
            } catch (Exception e) {
                throw new IllegalStateException("could not start Azurite with HTTPS and OAuth", e);
            }
        }

        @Override
        public void close() {
            secure.azurite().close();
        }
    }

    /** Closed by JUnit when the root context closes: after the last test, failed or not. */
    private record Running(Azurite azurite) implements ExtensionContext.Store.CloseableResource {
        static Running start() {
            try {
                return new Running(Azurite.startInMemory());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Azurite", e);
            }
        }

        @Override
        public void close() {
            azurite.close();
        }
    }
}
