package piapi.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Streams the entries of one ledger file, line by line, in bounded memory. A line that is not an entry (a
 * crash tore it, or it is garbage) is skipped and counted, and so is an unfinished last line. (Another replica
 * writes whole chunks of lines in one system call, so a reader meets its unfinished line only when it reads in
 * that very moment; such a line is read complete next time.)
 */
final class LedgerFileReader {
    /** Longer lines are not entries (an entry is well under 2 KiB); they are skipped without being held. */
    static final int MAX_LINE = 64 * 1024;

    private LedgerFileReader() {}

    /** Reads at most {@code limit} bytes; returns the number of unreadable lines skipped. */
    static long read(Path path, long limit, Consumer<LedgerEntry> sink) throws IOException {
        long unreadable = 0;
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int lineLength = 0;
        boolean overlong = false;
        long left = limit;
        try (InputStream in = Files.newInputStream(path)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                left -= n;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (overlong || lineLength > 0 && !deliver(line, lineLength, sink)) unreadable++;
                        lineLength = 0;
                        overlong = false;
                    } else if (!overlong) {
                        if (lineLength == MAX_LINE) {
                            overlong = true;
                        } else {
                            if (lineLength == line.length) line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                            line[lineLength++] = b;
                        }
                    }
                }
            }
        }
        if (lineLength > 0 || overlong) unreadable++;
        return unreadable;
    }

    private static boolean deliver(byte[] line, int length, Consumer<LedgerEntry> sink) {
        LedgerEntry e = LedgerLine.parse(new String(line, 0, length, StandardCharsets.UTF_8));
        if (e == null) return false;
        sink.accept(e);
        return true;
    }
}
