package piapi.admin;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link AdminBrowserUsageTest}'s steps in headless Firefox over WebDriver BiDi: tokens and cost on the dashboard and
 * in the Usage view, each user's limits, and the CSV download with the token in a header, never in a URL.
 */
@EnabledIf(value = "piapi.support.browser.Firefox#available",
        disabledReason = "no Firefox at /usr/bin/firefox-esr or /usr/bin/firefox (or PIAPI_FIREFOX): the Firefox tests are skipped")
class AdminFirefoxUsageTest extends AdminBrowserUsageTest implements OnFirefox {
}
