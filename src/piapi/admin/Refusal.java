package piapi.admin;

/**
 * An admin request that cannot be carried out as asked: a 4xx answer with piapi's error shape. The
 * message names fields and things by name and never repeats a value sent (it may be a key pasted into
 * the wrong field).
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    Refusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static Refusal badRequest(String message) {
        return new Refusal(400, "bad_request", message);
    }

    static Refusal notFound(String message) {
        return new Refusal(404, "not_found", message);
    }

    static Refusal conflict(String code, String message) {
        return new Refusal(409, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
