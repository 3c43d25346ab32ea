package dev.resultstore.impl.config;

import java.util.Locale;

/** Which configuration values must never be shown in a message or a log. */
final class Secrets {

    private static final String[] MARKERS = {"key", "secret", "password", "token", "credential", "connection-string",
        "connectionstring", "sas"};

    private Secrets() {
    }

    /** Whether a storage parameter name (kebab-case or camelCase) holds a secret. */
    static boolean isSecret(String parameter) {
        String name = parameter.toLowerCase(Locale.ROOT);
        for (String marker : MARKERS) {
            if (name.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may appear in a message: quoted, or hidden when secret. */
    static String show(String parameter, String value) {
        return isSecret(parameter) ? "(value hidden: secret)" : "'" + value + "'";
    }
}
