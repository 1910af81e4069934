package piapi.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The garbage-collection pauses in a unified GC log ({@code -Xlog:gc:file=...}) written after a given
 * offset: every line of the form {@code ... Pause Young (Allocation Failure) 40M->12M(120M) 1.234ms}.
 */
record GcPauses(int count, int full, double totalMs, double maxMs) {
    static long offset(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    static GcPauses since(Path log, long offset) throws IOException {
        if (!Files.exists(log)) return new GcPauses(0, 0, 0, 0);
        List<Double> pauses = new ArrayList<>();
        int full = 0;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(offset);
            byte[] rest = new byte[(int) (f.length() - offset)];
            f.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf(" Pause ");
                if (at < 0 || !line.endsWith("ms")) continue;
                int start = line.lastIndexOf(' ') + 1;
                pauses.add(Double.parseDouble(line.substring(start, line.length() - 2)));
                if (line.startsWith("Pause Full", at + 1)) full++;
            }
        }
        return new GcPauses(pauses.size(), full, pauses.stream().mapToDouble(Double::doubleValue).sum(),
                pauses.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    @Override
    public String toString() {
        return String.format("%d (%d full), %.0f ms total, max %.1f ms", count, full, totalMs, maxMs);
    }
}
