package piapi.observe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format 0.0.4 by hand: one HELP and TYPE per family before its
 * samples, each family's samples together, label values escaped ({@code \\ \" \n}), help escaped
 * ({@code \\ \n}), Go-style floats ({@code +Inf}, {@code NaN}), {@code \n} line ends.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out;

    PrometheusText(StringBuilder out) {
        this.out = out;
    }

    /** Families in name order; within a family, series in label-value order (stable, diffable output). */
    static void write(StringBuilder out, List<Family<?>> families) {
        PrometheusText w = new PrometheusText(out);
        List<Family<?>> sorted = new ArrayList<>(families);
        sorted.sort(Comparator.comparing(Family::name));
        for (Family<?> f : sorted) w.family(f);
    }

    private <C> void family(Family<C> f) {
        out.append("# HELP ").append(f.name()).append(' ');
        escape(f.help(), false);
        out.append('\n').append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
        List<Map.Entry<List<String>, C>> series = new ArrayList<>(f.children().entrySet());
        series.sort((a, b) -> compare(a.getKey(), b.getKey()));
        for (Map.Entry<List<String>, C> e : series) f.writeSeries(this, e.getKey(), e.getValue());
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    /** One sample line; {@code extraName/extraValue} is the histogram's {@code le} label. */
    void sample(String name, List<String> labelNames, List<String> labelValues, String extraName, String extraValue, double value) {
        out.append(name);
        if (!labelNames.isEmpty() || extraName != null) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                if (i > 0) out.append(',');
                label(labelNames.get(i), labelValues.get(i));
            }
            if (extraName != null) {
                if (!labelNames.isEmpty()) out.append(',');
                label(extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ').append(formatDouble(value)).append('\n');
    }

    private void label(String name, String value) {
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    private void escape(String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /**
     * The spelling of Prometheus' reference client ({@code +Inf}, {@code -Inf}, {@code NaN}, {@code 5e-05}): integers
     * without a fraction, other values in their shortest round-trip digits, written out in full except below
     * 1e-4, where it switches to an exponent (so sub-millisecond bucket bounds read {@code le="5e-05"}, and
     * queries that match {@code le} by text find the same strings as for other exporters).
     */
    static String formatDouble(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4) return d.toPlainString();
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e-" + (-exponent < 10 ? "0" : "") + (-exponent);
    }
}
