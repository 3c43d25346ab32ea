package dev.resultstore.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import dev.resultstore.spi.StoredObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated key prefixes (any character but '/', '\' and control characters, up to 400 long) and
 * task ids (1–255 of [A-Za-z0-9._:@-], not '.' or '..'): every key round-trips through put, get,
 * list and delete, distinct keys never share a file, and none reaches the storage's own names.
 */
class FileSystemKeyLayoutProperties {

    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-";

    private Path directory;
    private FileSystemStorage storage;

    @BeforeProperty
    void start() throws IOException {
        directory = Files.createTempDirectory(Path.of("target"), "key-layout-");
        storage = new FileSystemStorage(directory);
        storage.start();
    }

    @AfterProperty
    void stop() throws IOException {
        storage.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Property(tries = 150)
    void keysOfGeneratedPrefixesAndIdsRoundTripWithoutCollisions(@ForAll("prefixes") String prefix,
            @ForAll("idLists") List<String> ids) throws IOException {
        Map<String, String> stored = new HashMap<>();
        for (String id : ids) {
            String key = prefix + id;
            storage.put(key, bytes("value of " + key));
            stored.put(key, "value of " + key);
        }

        for (Map.Entry<String, String> entry : stored.entrySet()) {
            assertThat(storage.get(entry.getKey())).as(entry.getKey()).hasValueSatisfying(
                    value -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(entry.getValue()));
        }
        assertThat(listed(prefix)).containsExactlyInAnyOrderElementsOf(stored.keySet());
        assertThat(listed("")).containsExactlyInAnyOrderElementsOf(stored.keySet());
        for (String key : stored.keySet()) {
            assertThat(storage.delete(key)).as("delete %s", key).isTrue();
        }
        assertThat(listed("")).isEmpty();
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(path -> path.getFileName().toString())).allMatch(name -> name.startsWith(".resultstore-"));
        }
    }

    @Provide
    Arbitrary<String> prefixes() {
        Arbitrary<Character> anyAllowed = Arbitraries.chars().all()
                .filter(c -> c != '/' && c != '\\' && !Character.isISOControl(c) && !Character.isSurrogate(c));
        Arbitrary<Character> tricky = Arbitraries.of('.', '+', '=', '-', 'é', '中', ' ', ':');
        Arbitrary<String> free = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, anyAllowed), net.jqwik.api.Tuple.of(2, tricky))
                .list().ofMaxSize(400).map(FileSystemKeyLayoutProperties::join);
        return Arbitraries.oneOf(free, Arbitraries.of("", "celery-task-meta-", ".resultstore-", ".resultstore-long",
                ".resultstore-tmp-", "+", "=", "x".repeat(199), "é".repeat(120), "\uD83D\uDE00".repeat(60)));
    }

    @Provide
    Arbitrary<List<String>> idLists() {
        Arbitrary<String> ids = Arbitraries.strings().withChars(ID_CHARACTERS.toCharArray()).ofMinLength(1).ofMaxLength(255)
                .filter(id -> !id.equals(".") && !id.equals(".."));
        // Ids sharing long beginnings make neighbouring segments: the place where collisions would be.
        Arbitrary<String> related = Combinators.combine(Arbitraries.strings().withChars("ab").ofMinLength(1).ofMaxLength(60),
                Arbitraries.integers().between(0, 254)).as((tail, length) -> ("r".repeat(length) + tail).substring(0,
                Math.min(255, length + tail.length())));
        return Arbitraries.oneOf(ids, related, Arbitraries.of(".resultstore-long", ".resultstore-tmp-1", "-", "...", "a."))
                .list().ofMinSize(1).ofMaxSize(8).uniqueElements();
    }

    private static String join(List<Character> characters) {
        StringBuilder text = new StringBuilder(characters.size());
        characters.forEach(text::append);
        return text.toString();
    }

    private List<String> listed(String prefix) throws IOException {
        try (Stream<StoredObject> objects = storage.list(prefix)) {
            return objects.map(StoredObject::key).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
