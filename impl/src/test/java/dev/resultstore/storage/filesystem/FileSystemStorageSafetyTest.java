package dev.resultstore.storage.filesystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.resultstore.ResultStoreConfigurationException;
import dev.resultstore.ResultStores;
import dev.resultstore.spi.StoredObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Permissions, links and the storage's reserved names, on real files. */
class FileSystemStorageSafetyTest {

    private static final String LONG_PREFIX = "p".repeat(300);

    @TempDir
    Path directory;

    @Test
    void theDirectoryResultsLongKeyDirectoriesAndLockFilesAreTheOwnersOnlyWhateverTheUmask() throws Exception {
        Path location = directory.resolve("new/results");
        try (FileSystemStorage storage = started(new FileSystemStorage(location))) {
            storage.put("celery-task-meta-1", bytes("{}"));
            storage.put(LONG_PREFIX + "1", bytes("{}"));
        }

        assertThat(permissions(location)).isEqualTo("rwx------");
        assertThat(permissions(location.getParent())).as("a parent the storage created").isEqualTo("rwx------");
        assertThat(permissions(location.resolve("celery-task-meta-1"))).isEqualTo("rw-------");
        assertThat(permissionsUnder(location.resolve(".resultstore-long"))).containsOnly("rwx------", "rw-------").contains("rw-------");
        assertThat(permissionsUnder(location.resolve(".resultstore-locks"))).containsOnly("rwx------", "rw-------").contains("rw-------");
    }

    @Test
    void theConfiguredPermissionsAreSetEvenWhereTheUmaskWouldTakeGroupWriteAway() throws Exception {
        Path location = directory.resolve("shared");
        FileSystemStorage storage = new FileSystemStorage(location);
        storage.setPermissions("rw-rw----");
        try (storage) {
            started(storage).put("k", bytes("v"));
            storage.put(LONG_PREFIX + "k", bytes("v"));
        }

        assertThat(permissions(location)).isEqualTo("rwxrwx---");
        assertThat(permissions(location.resolve("k"))).isEqualTo("rw-rw----");
        assertThat(permissionsUnder(location.resolve(".resultstore-long"))).containsOnly("rwxrwx---", "rw-rw----");
    }

    @Test
    void permissionsThatAreNotForResultFilesAreRefusedSayingWhatToGive() {
        FileSystemStorage storage = new FileSystemStorage(directory);
        assertThatThrownBy(() -> storage.setPermissions("rwxr-x---")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x bits");
        assertThatThrownBy(() -> storage.setPermissions("r--------")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner read and write");
        assertThatThrownBy(() -> storage.setPermissions("0600")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rw-rw----");
    }

    @Test
    void anExistingWiderDirectoryIsUsedAsItIsWithAWarningSayingWhoCanList() throws Exception {
        Path location = Files.createDirectory(directory.resolve("open"));
        Files.setPosixFilePermissions(location, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(PathStorage.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (FileSystemStorage storage = started(new FileSystemStorage(location))) {
            storage.put("k", bytes("v"));
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(permissions(location)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(location.resolve("k"))).isEqualTo("rw-------");
        assertThat(warnings).singleElement().satisfies(record -> assertThat(record.getMessage())
                .contains(location.toString(), "rwxr-xr-x", "its group and all other users can list", "chmod rwx------"));
    }

    @Test
    void aLongKeyDirectoryThatIsALinkIsRefusedAtStartAndNothingOutsideIsTouched() throws Exception {
        Path location = Files.createDirectory(directory.resolve("store"));
        Path outside = Files.createDirectory(directory.resolve("outside"));
        Files.createSymbolicLink(location.resolve(".resultstore-long"), outside);

        assertThatThrownBy(() -> started(new FileSystemStorage(location))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".resultstore-long").hasMessageContaining("symbolic link").hasMessageContaining("Remove it");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aLinkPlantedInTheLongKeyTreeAfterStartIsNeverWrittenOrDeletedThrough() throws Exception {
        Path location = directory.resolve("store");
        Path outside = Files.createDirectory(directory.resolve("outside"));
        try (FileSystemStorage storage = started(new FileSystemStorage(location))) {
            Files.createSymbolicLink(location.resolve(".resultstore-long"), outside);
            // Where the key LONG_PREFIX would be if the link were followed.
            Path victim = Files.writeString(Files.createDirectory(outside.resolve("+" + "p".repeat(199))).resolve("=" + "p".repeat(101)),
                    "precious");

            assertThatThrownBy(() -> storage.put(LONG_PREFIX, bytes("v"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> storage.delete(LONG_PREFIX)).isInstanceOf(IllegalStateException.class);
            assertThat(victim).hasContent("precious");
        }
    }

    @Test
    void aLongIdContainingTheReservedTemporaryMarkerIsListedAndDeleted() throws Exception {
        String id = ("a".repeat(190) + ".resultstore-tmp-" + "b".repeat(100)).substring(0, 255);
        try (FileSystemStorage storage = started(new FileSystemStorage(directory.resolve("store")))) {
            storage.put("celery-task-meta-" + id, bytes("{}"));

            try (Stream<StoredObject> listed = storage.list("celery-task-meta-")) {
                assertThat(listed.map(StoredObject::key)).containsExactly("celery-task-meta-" + id);
            }
            assertThat(storage.delete("celery-task-meta-" + id)).isTrue();
        }
    }

    @Test
    void anEmptyLocationIsRefusedWithAClearMessageNotTakenAsTheWorkingDirectory() {
        assertThatThrownBy(() -> ResultStores.create(Map.of("resultstore.storage", "filesystem",
                "resultstore.storage.config.location", " "))).isInstanceOf(ResultStoreConfigurationException.class)
                .hasMessageContaining("resultstore.storage.config.location").hasMessageContaining("empty");
        assertThatThrownBy(() -> started(new FileSystemStorage(Path.of("")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("location is empty");
    }

    private static FileSystemStorage started(FileSystemStorage storage) throws Exception {
        storage.start();
        return storage;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> permissionsUnder(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            List<String> all = new ArrayList<>();
            for (Path path : paths.toList()) {
                all.add(permissions(path));
            }
            return all;
        }
    }
}
