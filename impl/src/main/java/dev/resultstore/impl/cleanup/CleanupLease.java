package dev.resultstore.impl.cleanup;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.resultstore.impl.storage.RetryingStorage;
import dev.resultstore.spi.Versioned;

/**
 * Lets one node per interval sweep a shared store: a small lease object next to the results
 * ({@code <key-prefix>~cleanup-lease}, never a valid task key), taken with a conditional write
 * and valid for one interval, so that it expires on its own when its holder dies. The holder
 * renews it on its next run.
 */
final class CleanupLease {

    private static final Pattern FIELD = Pattern.compile("\"(owner|until)\"\\s*:\\s*\"([^\"]*)\"");

    private final RetryingStorage storage;
    private final String key;
    private final String owner;
    private final Duration length;
    private final Clock clock;

    CleanupLease(RetryingStorage storage, String keyPrefix, String owner, Duration length, Clock clock) {
        this.storage = storage;
        this.key = keyPrefix + "~cleanup-lease";
        this.owner = owner.replace('"', '_').replace('\\', '_');
        this.length = length;
        this.clock = clock;
    }

    /** Takes or renews the lease; {@code false} while another owner holds it. */
    boolean acquire() {
        Instant now = clock.instant();
        byte[] lease = ("{\"owner\": \"" + owner + "\", \"until\": \"" + now.plus(length) + "\"}").getBytes(StandardCharsets.UTF_8);
        Optional<Versioned> current = storage.getVersioned(key);
        if (current.isEmpty()) {
            return storage.putIfAbsent(key, lease);
        }
        String text = new String(current.get().value(), StandardCharsets.UTF_8);
        if (!owner.equals(field(text, "owner")) && !expired(field(text, "until"), now)) {
            return false;
        }
        return storage.putIfVersion(key, lease, current.get().version());
    }

    /** Who holds the lease now, for messages. */
    String holder() {
        return storage.get(key).map(bytes -> field(new String(bytes, StandardCharsets.UTF_8), "owner")).orElse("nobody");
    }

    // An unreadable lease counts as expired: it must not block cleanup for ever.
    private static boolean expired(String until, Instant now) {
        try {
            return until == null || !Instant.parse(until).isAfter(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        return null;
    }
}
