package piapi.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Day and month windows that start and end at calendar boundaries in one time zone (midnight and the first of
 * the month there; a day across a DST change is 23 or 25 hours long). The current day is cached, so most
 * lookups compare two instants.
 */
final class CalendarWindows {
    private final ZoneId zone;
    private volatile Day cached;

    /** One calendar day: its index, its month's index, where it starts and ends, and where its month ends. */
    record Day(long day, long month, Instant start, Instant end, Instant monthEnd) {
        /** The first day of this day's month. */
        LocalDate monthStart() {
            return LocalDate.ofEpochDay(day).withDayOfMonth(1);
        }
    }

    CalendarWindows(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    Day dayOf(Instant t) {
        Day d = cached;
        if (d != null && !t.isBefore(d.start) && t.isBefore(d.end)) return d;
        LocalDate date = LocalDate.ofInstant(t, zone);
        d = new Day(date.toEpochDay(), monthIndex(date), date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant(),
                YearMonth.from(date).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        cached = d;
        return d;
    }

    static long monthIndex(LocalDate date) {
        return date.getYear() * 12L + date.getMonthValue() - 1;
    }
}
