package piapi.ledger;

import piapi.observe.Counter;
import piapi.observe.Metrics;

/** The ledger's families on the gateway's registry; no labels, so their number of series is fixed. */
final class LedgerMetrics {
    final Counter.Child written;
    final Counter.Child failures;
    final Counter.Child held;
    final Counter.Child lost;
    final Counter.Child unreadable;
    final Counter.Child syncs;

    LedgerMetrics(Metrics metrics, LedgerBuffer buffer) {
        metrics.gauge("piapi_ledger_queue_depth", "Ledger entries waiting for the writer thread.").labels()
                .setSupplier(buffer::queued);
        metrics.gauge("piapi_ledger_held_entries",
                "Ledger entries kept in memory: the queue was full or a write failed (retried), or the data dir is not writable.")
                .labels().setSupplier(buffer::held);
        metrics.gauge("piapi_ledger_memory_only", "1 when the data dir cannot be written and usage is kept in memory only.")
                .labels().setSupplier(() -> buffer.memoryOnly() ? 1 : 0);
        written = metrics.counter("piapi_ledger_entries_written_total", "Ledger entries appended to this instance's usage files.").labels();
        failures = metrics.counter("piapi_ledger_write_failures_total", "Failed writes or syncs of the usage files.").labels();
        held = metrics.counter("piapi_ledger_held_total",
                "Ledger entries that went to memory instead of the queue (queue full or memory-only); they are written once the disk catches up.")
                .labels();
        lost = metrics.counter("piapi_ledger_lost_total", "Ledger entries lost because the in-memory store was full too.").labels();
        unreadable = metrics.counter("piapi_ledger_unreadable_lines_total",
                "Lines skipped while reading usage files: torn by a crash, or not ledger entries.").labels();
        syncs = metrics.counter("piapi_ledger_syncs_total",
                "Successful fsyncs of this instance's usage files: at least one a second while entries are written, and at shutdown.").labels();
    }
}
