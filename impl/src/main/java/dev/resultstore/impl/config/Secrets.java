package dev.resultstore.impl.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which configuration values must never be shown in a message or a log. */
final class Secrets {

    private static final String[] MARKERS = {"key", "secret", "password", "token", "credential", "connection-string",
        "connectionstring", "connection_string", "sas"};
    private static final String HIDDEN = "(value hidden: secret)";

    private Secrets() {
    }

    /** Whether a storage parameter name (kebab-case, camelCase or an environment variable's form) holds a secret. */
    static boolean isSecret(String parameter) {
        String name = parameter.toLowerCase(Locale.ROOT);
        if (name.equals("credential")) {
            // Not a secret but the kind of credential to use (Azure's default, managed-identity…):
            // hiding "default" would hide that word in every message.
            return false;
        }
        for (String marker : MARKERS) {
            if (name.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may appear in a message: quoted, or hidden when secret. */
    static String show(String parameter, String value) {
        return isSecret(parameter) ? HIDDEN : "'" + value + "'";
    }

    /** The values (as given and trimmed) of the secret storage parameters among {@code parameters}. */
    static Set<String> values(Map<String, String> parameters) {
        Set<String> values = new LinkedHashSet<>();
        parameters.forEach((name, value) -> {
            if (value != null && isSecret(name)) {
                for (String form : new String[] {value, value.trim()}) {
                    if (!form.isEmpty()) {
                        values.add(form);
                    }
                }
            }
        });
        return values;
    }

    /**
     * {@code text} with every occurrence of a secret value hidden: for messages that come from
     * elsewhere (a JDK parser, a storage, an SDK), which may repeat the value they were given.
     */
    static String mask(String text, Collection<String> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        // Longest first, so that a secret containing another is hidden whole.
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            masked = masked.replace(secret, HIDDEN);
        }
        return masked;
    }
}
