package dev.resultstore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The dashboard is off unless enabled, and then for one role. */
class DashboardSettingsTest {

    private static DashboardSettings settings(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return DashboardSettings.from(config);
    }

    @Test
    void offWithoutConfiguration() {
        assertThat(settings(Map.of())).isEqualTo(new DashboardSettings(false, "resultstore-admin"));
    }

    @Test
    void enabledForTheConfiguredRole() {
        assertThat(settings(Map.of("resultstore.dashboard.enabled", "true", "resultstore.dashboard.role", "ops")))
                .isEqualTo(new DashboardSettings(true, "ops"));
    }

    @Test
    void anEmptyRoleIsRefusedRatherThanOpeningTheDashboard() {
        assertThatThrownBy(() -> settings(Map.of("resultstore.dashboard.enabled", "true", "resultstore.dashboard.role", " ")))
                .hasMessageContaining("resultstore.dashboard.role");
    }
}
