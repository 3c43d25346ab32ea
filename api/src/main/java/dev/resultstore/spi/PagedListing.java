package dev.resultstore.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns a cloud SDK's paged listing into the lazy stream {@link Storage#list} returns: the first
 * page is fetched at once (so that a failure to list at all is the caller's exception), later
 * pages as the stream is read, and a failure while paging is translated the connector's way — an
 * {@link IOException} (retryable) travels as {@link UncheckedIOException}, as streams require.
 */
public final class PagedListing {

    /** Translates an SDK failure to the connector's exception: an {@link IOException} when retryable. */
    @FunctionalInterface
    public interface Translation {
        Exception translate(RuntimeException failure);
    }

    private PagedListing() {
    }

    /**
     * @param pages    the SDK's pages; its first page is fetched by this call
     * @param contents the items of one page
     * @param translate how a failure to fetch a page is reported
     * @throws IOException when even the first page cannot be fetched and the failure is retryable
     */
    public static <P, T> Stream<T> of(Iterator<P> pages, Function<P, Iterator<T>> contents, Translation translate)
            throws IOException {
        P first;
        try {
            first = pages.next();
        } catch (RuntimeException e) {
            throw rethrowable(translate.translate(e));
        }
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> page = contents.apply(first);

            @Override
            public boolean hasNext() {
                try {
                    while (!page.hasNext() && pages.hasNext()) {
                        page = contents.apply(pages.next());
                    }
                } catch (RuntimeException e) {
                    Exception translated = translate.translate(e);
                    throw translated instanceof IOException retryable
                            ? new UncheckedIOException(retryable) : (RuntimeException) translated;
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                hasNext();
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private static IOException rethrowable(Exception translated) {
        if (translated instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) translated;
    }
}
