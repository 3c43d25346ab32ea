package dev.resultstore.impl.codec;

import java.util.function.Supplier;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * A {@link Jsonb} made at its first use: plain values and records never need one, and making one
 * loads the JSON-B implementation, which would otherwise lengthen every deployment.
 */
public final class LazyJsonb implements Supplier<Jsonb>, AutoCloseable {

    private volatile Jsonb jsonb;

    @Override
    public Jsonb get() {
        Jsonb made = jsonb;
        if (made == null) {
            synchronized (this) {
                made = jsonb;
                if (made == null) {
                    made = JsonbBuilder.create();
                    jsonb = made;
                }
            }
        }
        return made;
    }

    @Override
    public synchronized void close() throws Exception {
        if (jsonb != null) {
            jsonb.close();
            jsonb = null;
        }
    }
}
