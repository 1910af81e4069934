package piapi.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** URLs as they may be logged: query values, bare tokens and user info masked; nothing else changed. */
class RedactionTest {
    @Test
    void queryValuesAreMaskedAndNamesKept() {
        assertEquals("https://api.example.com/v1beta/models/x:generate?key=***&alt=***",
                Redaction.url(URI.create("https://api.example.com/v1beta/models/x:generate?key=sk-123&alt=sse")));
        assertEquals("http://h:8080/p?***&a=***&=***", Redaction.url(URI.create("http://h:8080/p?sk-bare&a=&=x")));
        assertEquals("http://h/p", Redaction.url(URI.create("http://h/p#frag")));
        assertEquals("http://h/p%2Fq?x=***", Redaction.url(URI.create("http://h/p%2Fq?x=%20y")), "raw path kept as sent");
        assertEquals("http://***@h/p", Redaction.url(URI.create("http://user:pass@h/p")));
        assertEquals("", Redaction.url(null));
    }

    @Test
    void urlsInsideFreeTextAreRedacted() {
        assertEquals("failed GET https://h/v1?key=*** (timeout) then http://***@x/y",
                Redaction.urlsIn("failed GET https://h/v1?key=sk-1 (timeout) then http://u:p@x/y"));
        assertEquals("see \"HTTP://h/a?t=***\"", Redaction.urlsIn("see \"HTTP://h/a?t=abc\""));
        assertEquals("bad url http://h/a b?c", Redaction.urlsIn("bad url http://h/a b?c"), "a query outside the URL is not its query");
        assertEquals("http://h/a%zz?k=***", Redaction.urlsIn("http://h/a%zz?k=v#f"), "malformed URLs are redacted too");
        assertEquals("no urls here", Redaction.urlsIn("no urls here"));
    }
}
