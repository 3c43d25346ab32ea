package dev.resultstore.impl.storage;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.resultstore.StorageException;

/** Turns failures while a storage's listing is read into the store's {@link StorageException}. */
final class StorageStreams {

    private StorageStreams() {
    }

    static <T> Stream<T> failingAs(Stream<T> stream, Function<RuntimeException, StorageException> translate) {
        Iterator<T> iterator = stream.iterator();
        Spliterator<T> translated = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                try {
                    if (!iterator.hasNext()) {
                        return false;
                    }
                    action.accept(iterator.next());
                    return true;
                } catch (StorageException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw translate.apply(e);
                }
            }
        };
        return StreamSupport.stream(translated, false).onClose(stream::close);
    }
}
