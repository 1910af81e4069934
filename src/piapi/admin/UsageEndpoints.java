package piapi.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import piapi.config.ConfigHolder;
import piapi.http.JsonWriter;
import piapi.ledger.GroupKey;
import piapi.ledger.Ledger;
import piapi.ledger.Pricer;
import piapi.ledger.UsageQuery;
import piapi.ledger.UsageReport;
import piapi.ledger.UsageReportFormat;
import piapi.limits.Limiter;
import piapi.limits.LimitsJson;
import piapi.usage.Pricing;

/**
 * {@code GET /usage?from=YYYY-MM-DD&to=YYYY-MM-DD&group_by=user,day&format=json|csv}: usage from the ledger
 * (every instance's files in the data dir plus what this one has not written yet), days in the configured
 * {@code limits.timezone}, both bounds inclusive. Defaults: {@code to} today, {@code from} the first of
 * {@code to}'s month, {@code group_by=user}, {@code format=json}; {@code group_by=} (empty) gives one row of
 * totals; {@code reprice=true} computes every cost again from the tokens with today's {@code pricing:} (after a
 * price was corrected). {@code GET /limits}: every user's limits, what is used and when it resets.
 */
public final class UsageEndpoints {
    static final int MAX_DAYS = 400;
    private static final Set<String> PARAMS = Set.of("from", "to", "group_by", "format", "reprice");

    private final Ledger ledger;
    private final Limiter limiter;
    private final ConfigHolder config;
    private final Clock clock;

    private UsageEndpoints(Ledger ledger, Limiter limiter, ConfigHolder config, Clock clock) {
        this.ledger = ledger;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
    }

    public static void register(AdminApi api, Ledger ledger, Limiter limiter, ConfigHolder config, Clock clock) {
        UsageEndpoints e = new UsageEndpoints(ledger, limiter, config, clock);
        api.on("GET", "/usage", e::usage).on("GET", "/limits", e::limits);
    }

    private void usage(AdminRequest r) throws IOException {
        ZoneId zone = config.current().settings().limits().timezone();
        UsageQuery query;
        boolean csv;
        try {
            query = query(r, zone, LocalDate.ofInstant(clock.instant(), zone), config.current().settings().pricing());
            csv = format(r.param("format"));
        } catch (LogFilter.BadParam e) {
            r.error(400, "bad_request", e.getMessage());
            return;
        }
        UsageReport report;
        try {
            report = ledger.aggregate(query);
        } catch (IOException e) {
            r.error(500, "usage_unreadable", "the usage files could not be read: " + e.getClass().getSimpleName());
            return;
        }
        if (report.tooManyGroups()) {
            r.error(422, "too_many_rows", "more than " + query.maxGroups() + " rows; ask for fewer days or fewer group_by keys");
            return;
        }
        if (csv) {
            String name = "piapi-usage-" + query.from() + "-" + query.to() + ".csv";
            r.exchange().getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
            r.send(200, "text/csv; charset=utf-8", UsageReportFormat.csv(report).getBytes(StandardCharsets.UTF_8));
        } else {
            r.json(200, UsageReportFormat.json(report));
        }
    }

    static UsageQuery query(AdminRequest r, ZoneId zone, LocalDate today, Pricing pricing) throws LogFilter.BadParam {
        for (String name : r.paramNames()) {
            if (!PARAMS.contains(name)) {
                String shown = name.matches("[A-Za-z_]{1,32}") ? " '" + name + "'" : "";
                throw new LogFilter.BadParam("unknown parameter" + shown + "; use " + String.join(", ", new TreeSet<>(PARAMS)));
            }
        }
        LocalDate to = date(r.param("to"), "to", today);
        LocalDate from = date(r.param("from"), "from", to.withDayOfMonth(1));
        if (from.isAfter(to)) throw new LogFilter.BadParam("from (" + from + ") is after to (" + to + ")");
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw new LogFilter.BadParam("at most " + MAX_DAYS + " days at a time");
        String reprice = r.param("reprice");
        if (reprice != null && !reprice.equals("true") && !reprice.equals("false")) throw new LogFilter.BadParam("reprice must be true or false");
        Pricer pricer = "true".equals(reprice) ? pricing::cost : null;
        return new UsageQuery(from, to, zone, groupBy(r.param("group_by")), pricer, UsageQuery.MAX_GROUPS);
    }

    private static LocalDate date(String text, String name, LocalDate fallback) throws LogFilter.BadParam {
        if (text == null) return fallback;
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new LogFilter.BadParam(name + " must be a date written YYYY-MM-DD");
        }
    }

    private static List<GroupKey> groupBy(String text) throws LogFilter.BadParam {
        if (text == null) return List.of(GroupKey.USER);
        List<GroupKey> keys = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty() && text.isBlank()) break;
            GroupKey k = GroupKey.of(p);
            if (k == null) throw new LogFilter.BadParam("group_by takes user, service, provider, model and day, separated by commas");
            if (keys.contains(k)) throw new LogFilter.BadParam("group_by names " + p + " twice");
            keys.add(k);
        }
        return keys;
    }

    private static boolean format(String text) throws LogFilter.BadParam {
        if (text == null || text.equals("json")) return false;
        if (text.equals("csv")) return true;
        throw new LogFilter.BadParam("format must be json or csv");
    }

    private void limits(AdminRequest r) throws IOException {
        if (!r.paramNames().isEmpty()) {
            r.error(400, "bad_request", "/limits takes no parameters");
            return;
        }
        r.json(200, LimitsJson.users(limiter.status(), config.current().settings().limits().timezone().getId()));
    }

    /** The ledger's part of {@code GET /status}: where usage goes, and whether anything is waiting or was lost. */
    public static void status(JsonWriter w, Ledger ledger) {
        Ledger.LedgerStatus s = ledger.status();
        w.beginObject().field("mode", s.onDisk() ? "disk" : "memory").field("directory", s.directory())
                .field("memory_only_reason", s.memoryOnlyReason()).field("instance", s.instance())
                .field("queued", s.queued()).field("queue_capacity", s.queueCapacity()).field("held_in_memory", s.heldInMemory())
                .field("lost", s.lost()).field("write_failures", s.writeFailures()).field("last_error", s.lastError())
                .field("last_error_at", s.lastErrorAt() == null ? null : s.lastErrorAt().toString()).endObject();
    }
}
