package piapi.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HexFormat;
import java.util.Set;

/**
 * The config file on disk, written so that a reader (the watcher, a crash, a concurrent {@code cat})
 * never sees half of it: a temp file in the same directory, fsync, rename over the target, fsync of the
 * directory. The target's mode (and owner, where permitted) is kept; a symlinked config is written at its
 * real path, so the link survives.
 *
 * <p>Where rename cannot work (a single-file bind mount answers EBUSY, some mounts refuse it as access
 * denied or cross-device), it falls back to writing in place, after keeping a copy of the old content in
 * {@link #backupPath()}; if the in-place write fails, the old content is written back.
 */
public final class ConfigFile {
    /** How a write reached the disk. */
    public enum WriteMode {
        ATOMIC_RENAME("atomic_rename"), IN_PLACE("in_place");

        private final String label;

        WriteMode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a write did: how it reached the disk and, for an in-place write, where the old content was kept. */
    public record Written(WriteMode mode, Path backup) {}

    /** The rename step, replaceable so tests can make it fail the way a bind mount does. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-------"); // it holds keys

    private final Path path;
    private final Mover mover;

    public ConfigFile(Path path) {
        this(path, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE));
    }

    ConfigFile(Path path, Mover mover) {
        this.path = path.toAbsolutePath();
        this.mover = mover;
    }

    /** Hex SHA-256 of a config file's bytes: the version id in ETags, events and the admin status. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Secret.newSha256().digest(bytes));
    }

    /** The configured path (possibly a symlink). */
    public Path path() {
        return path;
    }

    /** The file's bytes, or null when it does not exist. Follows symlinks. */
    public byte[] readOrNull() throws IOException {
        try {
            if (Files.size(path) > ConfigLoader.MAX_BYTES) {
                throw new IOException("the file is larger than " + (ConfigLoader.MAX_BYTES >> 20) + " MiB");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Where the in-place fallback keeps the previous content: next to the file, the same name plus
     * {@code .piapi-backup}; in the system temp directory when the file's directory is not writable.
     */
    private Path backupPath(Path target, boolean nextToFile) {
        String name = target.getFileName() + ".piapi-backup";
        return nextToFile ? target.resolveSibling(name) : Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    /** The path actually written: the symlink's target when the config is a link, so the link stays. */
    private Path target() {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path; // absent (or a dangling link): create it here
        }
    }

    /** Replaces the content; see the class comment for how. On an exception the file is as it was. */
    public Written write(byte[] bytes) throws IOException {
        return write(bytes, true);
    }

    private Written write(byte[] bytes, boolean keepBackup) throws IOException {
        Path target = target();
        Path dir = ConfigWatcher.directoryOf(target);
        PosixFileAttributes before = posixAttributes(target);
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (AccessDeniedException e) { // the directory is not writable, the file may be
            return writeInPlace(target, bytes, keepBackup, false, e);
        }
        try {
            writeAndSync(temp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            copyAttributes(before, temp);
            try {
                mover.move(temp, target);
            } catch (IOException e) {
                if (!renameImpossible(e)) throw e;
                return writeInPlace(target, bytes, keepBackup, true, e);
            }
            syncDirectory(dir);
            return new Written(WriteMode.ATOMIC_RENAME, null);
        } finally {
            Files.deleteIfExists(temp); // gone already after a successful rename
        }
    }

    /**
     * Puts back what {@link #readOrNull()} returned before a write: the old bytes, or no file at all.
     * An in-place restore leaves the backup alone: it already holds these bytes.
     */
    public void restore(byte[] previous) throws IOException {
        if (previous == null) {
            Files.deleteIfExists(target());
        } else {
            write(previous, false);
        }
    }

    /** EBUSY (a bind-mounted file), EXDEV, refused on the target, or no atomic rename on this file system. */
    static boolean renameImpossible(IOException e) {
        if (e instanceof AtomicMoveNotSupportedException || e instanceof AccessDeniedException) return true;
        if (!(e instanceof FileSystemException fse) || fse instanceof NoSuchFileException) return false;
        String reason = fse.getReason() == null ? "" : fse.getReason();
        return reason.contains("busy") || reason.contains("cross-device") || reason.contains("Operation not permitted");
    }

    private Written writeInPlace(Path target, byte[] bytes, boolean keepBackup, boolean dirWritable, IOException why)
            throws IOException {
        byte[] old;
        Path backup = null;
        try {
            old = Files.exists(target) ? Files.readAllBytes(target) : null;
            if (old != null && keepBackup) backup = keep(old, target, dirWritable);
        } catch (IOException e) {
            e.addSuppressed(why);
            throw e;
        }
        try {
            writeAndSync(target, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            if (old != null) {
                try {
                    writeAndSync(target, old, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            e.addSuppressed(why);
            throw e;
        }
        return new Written(WriteMode.IN_PLACE, backup);
    }

    /** Keeps the operator's copy of what an in-place write replaces; mode 0600 like the config (it holds keys). */
    private Path keep(byte[] old, Path target, boolean dirWritable) throws IOException {
        IOException first = null;
        for (boolean nextToFile : dirWritable ? new boolean[] {true, false} : new boolean[] {false}) {
            Path backup = backupPath(target, nextToFile);
            try {
                Files.deleteIfExists(backup);
                Files.createFile(backup);
                try {
                    Files.setPosixFilePermissions(backup, NEW_FILE_MODE);
                } catch (UnsupportedOperationException e) {
                    // not POSIX: the file system's defaults
                }
                writeAndSync(backup, old, StandardOpenOption.WRITE);
                return backup;
            } catch (IOException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        throw first;
    }

    private static void writeAndSync(Path file, byte[] bytes, StandardOpenOption... options) throws IOException {
        try (FileChannel ch = FileChannel.open(file, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) ch.write(buffer);
            ch.force(true);
        }
    }

    private static PosixFileAttributes posixAttributes(Path file) {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // absent, or not a POSIX file system
        }
    }

    /** The old file's mode (0600 for a new file), and its owner and group where we may set them. */
    private static void copyAttributes(PosixFileAttributes before, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) return;
        view.setPermissions(before == null ? NEW_FILE_MODE : before.permissions());
        if (before == null) return;
        try {
            UserPrincipal owner = before.owner();
            GroupPrincipal group = before.group();
            if (!owner.equals(view.readAttributes().owner())) view.setOwner(owner);
            if (!group.equals(view.readAttributes().group())) view.setGroup(group);
        } catch (IOException e) {
            // not permitted for an unprivileged process: the mode is what matters for the keys
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
