package piapi.usage;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a request body asks for, as far as usage goes: the model, whether the answer is streamed, and (Chat
 * Completions) {@code stream_options.include_usage}. Read with the same incremental scanner as answers: only
 * top-level keys are looked at, nested values (messages of megabytes) are skipped byte by byte without being
 * built, memory is fixed, and the body may be an array or a stream (a body spilled to disk). A key given twice
 * counts as its last value, as the providers' JSON parsers take it. Gemini names the model and streaming in the
 * path ({@code models/gemini-2.5-pro:streamGenerateContent}), so its body is not read at all.
 *
 * @param model        the model requested, or null when the request names none
 * @param stream       whether the client asked for a streamed answer
 * @param includeUsage whether a Chat Completions stream was asked to end with a usage chunk
 */
public record RequestScan(String model, boolean stream, boolean includeUsage) {
    private static final int READ_BYTES = 16 * 1024;

    /** Scans a body held in memory. */
    public static RequestScan of(Protocol protocol, String rest, byte[] body) {
        return of(protocol, rest, body, 0, body.length);
    }

    /** Scans {@code body[offset, offset + length)}. */
    public static RequestScan of(Protocol protocol, String rest, byte[] body, int offset, int length) {
        RequestFields fields = new RequestFields(protocol, rest);
        if (fields.bodyNeeded()) fields.scanner.bytes(body, offset, length);
        return fields.result();
    }

    /** Scans a body read from a stream (not closed here), {@value #READ_BYTES} bytes at a time. */
    public static RequestScan of(Protocol protocol, String rest, InputStream body) throws IOException {
        RequestFields fields = new RequestFields(protocol, rest);
        if (fields.bodyNeeded()) {
            byte[] buffer = new byte[READ_BYTES];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) fields.scanner.bytes(buffer, 0, n);
        }
        return fields.result();
    }

    /** Collects the top-level fields as the scanner finds them; the last of a repeated key wins. */
    private static final class RequestFields implements ScanTarget {
        private final JsonScanner scanner = new JsonScanner(FieldTable.REQUEST, this);
        private final Protocol protocol;
        private final String pathModel;
        private final boolean pathStream;
        private String model;
        private boolean stream;
        private boolean includeUsage;

        RequestFields(Protocol protocol, String rest) {
            this.protocol = protocol;
            String path = rest == null ? "" : rest;
            int end = path.indexOf('?');
            if (end < 0) end = path.length();
            int colon = Protocol.methodColon(path, end);
            this.pathModel = colon < 0 ? null : path.substring(path.lastIndexOf('/', colon) + 1, colon);
            String method = colon < 0 ? "" : path.substring(path.charAt(colon) == ':' ? colon + 1 : colon + 3, end);
            this.pathStream = method.startsWith("stream");
        }

        boolean bodyNeeded() {
            return protocol != Protocol.GEMINI;
        }

        RequestScan result() {
            String m = model != null ? model : pathModel == null || pathModel.isEmpty() ? null : pathModel;
            return new RequestScan(m, stream || pathStream, includeUsage);
        }

        @Override
        public void number(int field, long value) {
            // requests carry no counts usage needs
        }

        @Override
        public void string(int field, CaptureBuffer text) {
            if (field == FieldTable.MODEL) model = text.overflow() ? null : text.text();
        }

        @Override
        public void bool(int field, boolean value) {
            if (field == FieldTable.STREAM) stream = value;
            if (field == FieldTable.INCLUDE_USAGE) includeUsage = value;
        }

        @Override
        public void eventClosed() {
            // one body, one object
        }
    }
}
