package piapi.admin;

/**
 * Marks an admin-page browser test class whose steps run in Firefox instead of Chromium: it extends the Chromium
 * class, so the steps are the same, and {@link AdminBrowserTestBase#launch} starts Firefox for it.
 */
interface OnFirefox {}
