package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import piapi.config.ResolvedCandidate;
import piapi.support.TestConfig;

/** Failure texts for the admin view and logs never carry a key or a URL query. */
class ErrorTextTest {
    static ResolvedCandidate upstream() {
        return TestConfig.config().provider("p").key("k", "sk-very-secret-key-0001")
                .service("q", "http://127.0.0.1:9/v1", "{mode: query, name: key}")
                .user("u", "piapi-user-key-1").route("q", "p", "k").snapshot()
                .user("piapi-user-key-1").routes().get("q").upstreams().get(0);
    }

    @Test
    void queriesAndKeysAreRemoved() {
        ResolvedCandidate u = upstream();
        String text = ErrorText.of(new IOException("failed GET http://127.0.0.1:9/v1/x?key=sk-very-secret-key-0001&a=1 (reset)"), u);
        assertEquals("IOException: failed GET http://127.0.0.1:9/v1/x?… (reset)", text);
        assertEquals("IOException: bad key …0001 refused", ErrorText.of(new IOException("bad key sk-very-secret-key-0001 refused"), u),
                "a key in the text gets the one masked form");
    }

    @Test
    void theCausesMessageIsUsedWhenTheTopHasNone() {
        ConnectException e = new ConnectException();
        e.initCause(new IOException("Connection refused"));
        assertEquals("ConnectException: Connection refused", ErrorText.of(e, upstream()));
    }

    @Test
    void longTextsAreCut() {
        assertEquals(201, ErrorText.of(new IOException("x".repeat(500)), upstream()).length());
    }
}
