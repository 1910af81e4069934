package piapi.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** piapi asks the upstream only for encodings it can read (gzip, deflate, identity), among those the client accepts. */
class UpstreamEncodingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip, deflate, br, zstd            | gzip, deflate",
        "br                                 | identity",
        "zstd, br;q=0.9                     | identity",
        "gzip                               | gzip",
        "x-gzip                             | gzip",
        "GZIP;q=0.5, identity;q=0.1         | gzip;q=0.5",
        "gzip;q=0.8, identity;q=0           | gzip;q=0.8, identity;q=0",
        "*                                  | gzip, deflate",
        "*;q=0.5, gzip;q=0                  | deflate;q=0.5",
        "deflate;q=0, gzip;q=0, br          | identity",
        "br, *;q=0                          | br, *;q=0",
        "identity                           | identity",
        "' '                                | identity",
    })
    void asksTheUpstreamOnlyForEncodingsPiapiCanReadAmongThoseTheClientAccepts(String client, String upstream) {
        assertEquals(upstream, UpstreamEncoding.forUpstream(client));
    }

    @org.junit.jupiter.api.Test
    void aClientThatSentNoAcceptEncodingGetsIdentity() {
        assertEquals("identity", UpstreamEncoding.forUpstream(null));
    }
}
