package dev.resultstore.impl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.impl.cdi.ResultStoreExtension;
import dev.resultstore.impl.store.DefaultResultBackend;
import dev.resultstore.spi.Storage;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.proxy.WeldClientProxy;

/**
 * Run by {@link EnvironmentVariablesTest} in a child JVM whose environment holds the
 * configuration: deploys the extension in Weld SE with SmallRye Config's default sources, stores
 * a result in each store, and prints the effective configuration as {@code key=value} lines
 * (or the deployment error, exit code 3).
 */
public final class EnvironmentProbe {

    @Dependent
    public static class Client {
        @Inject
        @ResultStore
        ResultBackend defaults;

        @Inject
        @ResultStore("reports")
        ResultBackend reports;

        @Inject
        @ResultStore("monthly-reports")
        ResultBackend monthly;
    }

    private EnvironmentProbe() {
    }

    public static void main(String[] args) {
        ResultStoreExtension extension = new ResultStoreExtension();
        try (WeldContainer container = new Weld().disableDiscovery().addExtension(extension)
                .addBeanClasses(Client.class).initialize()) {
            Client client = container.select(Client.class).get();
            client.defaults.storeSuccess(args[0], "from the default store");
            client.reports.storeSuccess(args[0], "from reports");
            client.monthly.storeSuccess(args[0], "from monthly-reports");
            Object reports = ((WeldClientProxy) client.reports).getMetadata().getContextualInstance();
            Storage storage = ((DefaultResultBackend) reports).configuredStorage();
            System.out.println("reports.storage=" + storage.getClass().getName());
            System.out.println("reports.connection-string=" + ((TestStorages.Typed) storage).connectionString);
            System.out.println("reports.read=" + client.reports.result(args[0]).get());

            // The effective values, read by the same code as the extension.
            List<String> problems = new ArrayList<>();
            Map<String, String> properties = ConfigReader.read(ConfigProvider.getConfig(), extension.storeNames(),
                    Thread.currentThread().getContextClassLoader(), problems);
            for (String store : new TreeMap<>(Map.of("default", "", "reports", "reports", "monthly-reports", "monthly-reports")).keySet()) {
                StoreConfiguration configuration = StoreConfiguration.parse(store.equals("default") ? "" : store, properties,
                        Thread.currentThread().getContextClassLoader());
                System.out.println(store + ".key-prefix=" + configuration.keyPrefix());
                System.out.println(store + ".retry.max-retries=" + configuration.retry().maxRetries());
                System.out.println(store + ".expires=" + configuration.expires());
            }
            System.out.println("problems=" + problems);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                System.out.println("deployment failed: " + cause.getMessage());
            }
            System.exit(3);
        }
    }
}
