package dev.resultstore.impl.config;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads the {@code resultstore.*} keys of the stores in use from MicroProfile Config, as the
 * properties {@link StoreConfiguration#parse} takes, every key under its canonical name.
 *
 * <p>Environment variables lose the difference between {@code .} and {@code -}
 * ({@code RESULTSTORE_KEY_PREFIX}), so a name listed by the configuration cannot tell which key
 * it sets (SmallRye Config even lists it as {@code resultstore.key.prefix}). Every key a store
 * understands is therefore looked up by its canonical name, which the implementation resolves
 * against the environment as the MicroProfile Config specification says; the storage's
 * parameters are known once its class is. Names that come from the environment and match no
 * key are left out with a warning (a Kubernetes service called {@code resultstore} adds
 * {@code RESULTSTORE_SERVICE_HOST}), except under a store's {@code STORAGE_CONFIG_}, where they
 * are reported as unknown parameters. Every other {@code resultstore.*} name is passed on as
 * given, for {@link StoreConfiguration} to report when it is unknown.
 */
public final class ConfigReader {

    private static final Logger LOG = Logger.getLogger(ConfigReader.class.getName());
    private static final String ENV_ROOT = environmentName(ConfigKeys.ROOT);

    private ConfigReader() {
    }

    /**
     * The properties of the stores {@code storeNames} ({@code ""} is the default store); adds a
     * problem, naming the key, for each value that cannot be read.
     */
    public static Map<String, String> read(Config config, Collection<String> storeNames, ClassLoader loader,
            List<String> problems) {
        Map<String, String> properties = new TreeMap<>();
        // Environment form -> canonical key, for every key the stores in use understand.
        Map<String, String> canonical = new LinkedHashMap<>();
        for (String store : storeNames) {
            for (String key : ConfigKeys.STORE_KEYS) {
                lookUp(config, ConfigKeys.prefix(store) + key, canonical, properties, problems);
            }
        }
        Map<String, String> parameterPrefixes = new LinkedHashMap<>();
        for (String store : storeNames) {
            String prefix = ConfigKeys.prefix(store);
            parameterPrefixes.put(environmentName(prefix + ConfigKeys.STORAGE_CONFIG), store);
            String label = properties.getOrDefault(prefix + ConfigKeys.STORAGE, ConfigKeys.DEFAULT_STORAGE).trim();
            Class<?> type = label.isEmpty() ? null : StorageClasses.resolve(label, loader);
            if (type != null) {
                for (String parameter : StorageRecipe.parameterNames(type)) {
                    lookUp(config, prefix + ConfigKeys.STORAGE_CONFIG + parameter, canonical, properties, problems);
                }
            }
        }

        Set<String> fromEnvironment = environmentAliases(config);
        Set<String> seen = new HashSet<>();
        for (String name : config.getPropertyNames()) {
            String environmentName = environmentName(name);
            if (!environmentName.startsWith(ENV_ROOT) || canonical.containsValue(name)) {
                continue; // not ResultStore's, or looked up already
            }
            if (!fromEnvironment.contains(name) && !isEnvironmentStyle(name)) {
                if (name.startsWith(ConfigKeys.ROOT)) {
                    read(config, name, name, properties, problems);
                }
                continue;
            }
            String key = canonical.get(environmentName);
            if (key != null) {
                // Found under its canonical name already, unless the implementation does not map names.
                if (!properties.containsKey(key)) {
                    read(config, name, key, properties, problems);
                }
            } else if (seen.add(environmentName)) {
                unmatched(environmentName, parameterPrefixes, properties, loader, problems);
            }
        }
        return properties;
    }

    // RESULTSTORE_STORAGE_CONFIG_COLOUR is an unknown parameter; anything else is not ResultStore's.
    private static void unmatched(String environmentName, Map<String, String> parameterPrefixes,
            Map<String, String> properties, ClassLoader loader, List<String> problems) {
        for (Map.Entry<String, String> entry : parameterPrefixes.entrySet()) {
            if (environmentName.startsWith(entry.getKey())) {
                String prefix = ConfigKeys.prefix(entry.getValue());
                String label = properties.getOrDefault(prefix + ConfigKeys.STORAGE, ConfigKeys.DEFAULT_STORAGE).trim();
                Class<?> type = label.isEmpty() ? null : StorageClasses.resolve(label, loader);
                if (type != null) {
                    TreeSet<String> valid = new TreeSet<>();
                    StorageRecipe.parameterNames(type).forEach(parameter -> valid.add(
                            environmentName(prefix + ConfigKeys.STORAGE_CONFIG + parameter)));
                    problems.add(environmentName + " (environment variable): unknown parameter of " + type.getName()
                            + "; valid parameters are " + (valid.isEmpty() ? "(none)" : String.join(", ", valid)));
                }
                return;
            }
        }
        LOG.warning(() -> "ResultStore ignores the environment variable " + environmentName
                + ": it sets no key of the stores in use (" + ConfigKeys.ROOT + "*)");
    }

    private static void lookUp(Config config, String key, Map<String, String> canonical, Map<String, String> properties,
            List<String> problems) {
        canonical.put(environmentName(key), key);
        read(config, key, key, properties, problems);
    }

    private static void read(Config config, String name, String key, Map<String, String> properties,
            List<String> problems) {
        try {
            Optional<String> value = config.getOptionalValue(name, String.class);
            if (value.isPresent()) {
                properties.put(key, value.get());
                return;
            }
            // Set, yet without a value: empty (MicroProfile Config's "not set"), or an expression that cannot be expanded.
            String raw = config.getConfigValue(name).getRawValue();
            if (raw == null) {
                return;
            }
            if (raw.isBlank()) {
                if (isStorageKey(key)) {
                    properties.put(key, raw); // an empty storage or location must not silently mean the default
                }
                return;
            }
            config.getValue(name, String.class); // throws, saying why
        } catch (RuntimeException e) {
            problems.add(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static boolean isStorageKey(String key) {
        return key.endsWith("." + ConfigKeys.STORAGE) || key.contains("." + ConfigKeys.STORAGE_CONFIG);
    }

    /**
     * The names that sources list beside their environment form ({@code resultstore.key.prefix}
     * beside {@code RESULTSTORE_KEY_PREFIX}): SmallRye Config's spelling of environment variables.
     */
    private static Set<String> environmentAliases(Config config) {
        Set<String> aliases = new HashSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            Set<String> names = source.getPropertyNames();
            for (String name : names) {
                String environmentName = environmentName(name);
                if (!name.equals(environmentName) && environmentName.startsWith(ENV_ROOT) && names.contains(environmentName)) {
                    aliases.add(name);
                }
            }
        }
        return aliases;
    }

    private static boolean isEnvironmentStyle(String name) {
        return name.equals(environmentName(name));
    }

    /** A key's environment variable, as MicroProfile Config maps it: {@code RESULTSTORE_KEY_PREFIX}. */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
