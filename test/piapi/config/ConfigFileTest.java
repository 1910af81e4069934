package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the config file: atomic replace, mode kept, links kept, the in-place fallback and its backup, restore. */
class ConfigFileTest {
    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesByRenameKeepingTheModeAndLeavingNoTempFile() throws Exception {
        Path path = Files.writeString(dir.resolve("config.yaml"), "old\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r-----"));
        Object inodeBefore = Files.readAttributes(path, "unix:ino").get("ino");
        ConfigFile.Written w = new ConfigFile(path).write(bytes("new\n"));
        assertEquals(ConfigFile.WriteMode.ATOMIC_RENAME, w.mode());
        assertNull(w.backup());
        assertEquals("new\n", Files.readString(path), "written as sent: the final newline kept");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertFalse(inodeBefore.equals(Files.readAttributes(path, "unix:ino").get("ino")), "a new inode: it was renamed into place");
        assertEquals(List.of("config.yaml"), names());
    }

    @Test
    void aNewFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path path = dir.resolve("config.yaml");
        ConfigFile file = new ConfigFile(path);
        assertNull(file.readOrNull());
        file.write(bytes("fresh\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), "it holds keys");
        file.restore(null);
        assertFalse(Files.exists(path), "restoring 'no file' removes it again");
    }

    @Test
    void aSymlinkedConfigIsWrittenAtItsTargetAndTheLinkStays() throws Exception {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("real")).resolve("piapi.yaml"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("config.yaml"), real);
        new ConfigFile(link).write(bytes("new\n"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new\n", Files.readString(real));
    }

    @Test
    void whenRenameIsImpossibleItWritesInPlaceAndKeepsABackup() throws Exception {
        Path path = Files.writeString(dir.resolve("config.yaml"), "old\n");
        Object inodeBefore = Files.readAttributes(path, "unix:ino").get("ino");
        // What rename(2) answers for a file bind-mounted on its own (docker run -v ./config.yaml:/etc/piapi/config.yaml).
        ConfigFile file = new ConfigFile(path, (from, to) -> {
            throw new FileSystemException(from.toString(), to.toString(), "Device or resource busy");
        });
        ConfigFile.Written w = file.write(bytes("new\n"));
        assertEquals(ConfigFile.WriteMode.IN_PLACE, w.mode());
        assertEquals("new\n", Files.readString(path));
        assertEquals(inodeBefore, Files.readAttributes(path, "unix:ino").get("ino"), "the same inode: written in place");
        assertEquals(dir.resolve("config.yaml.piapi-backup"), w.backup());
        assertEquals("old\n", Files.readString(w.backup()), "the replaced content is kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(w.backup())));
        assertEquals(List.of("config.yaml", "config.yaml.piapi-backup"), names(), "no temp file left behind");

        file.restore(bytes("old\n"));
        assertEquals("old\n", Files.readString(path));
        assertEquals("old\n", Files.readString(w.backup()), "a restore leaves the backup alone");
    }

    @Test
    void otherRenameFailuresAreReportedAndTheFileIsUntouched() throws Exception {
        Path path = Files.writeString(dir.resolve("config.yaml"), "old\n");
        ConfigFile file = new ConfigFile(path, (from, to) -> {
            throw new FileSystemException(from.toString(), to.toString(), "No space left on device");
        });
        FileSystemException e = assertThrows(FileSystemException.class, () -> file.write(bytes("new\n")));
        assertEquals("No space left on device", e.getReason());
        assertEquals("old\n", Files.readString(path));
        assertEquals(List.of("config.yaml"), names());
    }

    @Test
    void recognisesTheErrorsThatMeanRenameCannotWork() {
        assertTrue(ConfigFile.renameImpossible(new FileSystemException("a", "b", "Device or resource busy")));
        assertTrue(ConfigFile.renameImpossible(new AccessDeniedException("b")));
        assertTrue(ConfigFile.renameImpossible(new java.nio.file.AtomicMoveNotSupportedException("a", "b", "Invalid cross-device link")));
        assertFalse(ConfigFile.renameImpossible(new NoSuchFileException("a")));
        assertFalse(ConfigFile.renameImpossible(new FileSystemException("a", "b", "Read-only file system")));
        assertFalse(ConfigFile.renameImpossible(new IOException("Input/output error")));
    }

    @Test
    void sha256IsTheHexDigestOfTheBytes() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ConfigFile.sha256(new byte[0]));
    }
}
