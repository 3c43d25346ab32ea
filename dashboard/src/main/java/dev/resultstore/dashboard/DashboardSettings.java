package dev.resultstore.dashboard;

import org.eclipse.microprofile.config.Config;

/**
 * The dashboard's configuration: off unless {@code resultstore.dashboard.enabled=true}; then only
 * for users in {@code resultstore.dashboard.role} (default {@code resultstore-admin}).
 */
record DashboardSettings(boolean enabled, String role) {

    static final String ENABLED = "resultstore.dashboard.enabled";
    static final String ROLE = "resultstore.dashboard.role";
    static final String DEFAULT_ROLE = "resultstore-admin";

    static DashboardSettings from(Config config) {
        boolean enabled = config.getOptionalValue(ENABLED, Boolean.class).orElse(false);
        String role = config.getOptionalValue(ROLE, String.class).map(String::trim).orElse(DEFAULT_ROLE);
        if (enabled && role.isEmpty()) {
            throw new IllegalArgumentException(ROLE + " is empty: name the role allowed to see the dashboard, "
                    + "or leave the key out for " + DEFAULT_ROLE);
        }
        return new DashboardSettings(enabled, role);
    }
}
