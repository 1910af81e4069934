package piapi.ledger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ledger's file layout: {@code <usage dir>/<YYYY-MM-DD>.<instance>.jsonl}, one file per calendar day per
 * instance. Every instance writes only its own files, so replicas sharing a data dir never write the same file;
 * any instance reads them all.
 */
final class LedgerFiles {
    static final String SUFFIX = ".jsonl";

    private LedgerFiles() {}

    /** One ledger file: its day and the instance that wrote it. */
    record LedgerFile(Path path, LocalDate day, String instance) {}

    static String name(LocalDate day, String instance) {
        return day + "." + instance + SUFFIX;
    }

    /** The day and instance of a file name, or null when it is not a ledger file. */
    static LedgerFile parse(Path path) {
        String name = path.getFileName().toString();
        if (name.length() < 10 + 1 + 1 + SUFFIX.length() || !name.endsWith(SUFFIX) || name.charAt(10) != '.') return null;
        LocalDate day;
        try {
            day = LocalDate.parse(name.substring(0, 10));
        } catch (DateTimeException e) {
            return null;
        }
        return new LedgerFile(path, day, name.substring(11, name.length() - SUFFIX.length()));
    }

    /** Every ledger file in the directory, by day then instance; an absent directory has none. */
    static List<LedgerFile> list(Path dir) throws IOException {
        List<LedgerFile> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                LedgerFile f = parse(p);
                if (f != null) out.add(f);
            }
        }
        out.sort(Comparator.comparing(LedgerFile::day).thenComparing(LedgerFile::instance));
        return out;
    }
}
