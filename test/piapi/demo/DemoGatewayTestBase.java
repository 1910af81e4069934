package piapi.demo;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One demo gateway for all the tests of a class (they only read from it): started before the first, closed
 * after the last. The instance lives as long as the class's tests, so the gateway is an instance field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoGatewayTestBase {
    DemoGateway demo;

    @BeforeAll
    void startDemo() throws Exception {
        demo = new DemoGateway();
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo != null) demo.close();
    }

    /** A JSON object read by {@code JsonReader}, as the map it is. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
