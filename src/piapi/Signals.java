package piapi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The Unix signals piapi answers: SIGHUP reloads the config (the convention for "re-read your
 * configuration"); SIGTERM and SIGINT stop it, the first gracefully, the second at once. A JVM shutdown
 * hook cannot do the latter (while hooks run, a second signal blocks in {@code Runtime.exit} forever).
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}). Naming it in
 * source makes javac warn "internal proprietary API", a warning no annotation suppresses, so the build's
 * {@code -Xlint:all -Werror} would fail; it is therefore looked up by name, once at startup, never on a
 * request path. Where it is missing (a jlink image without {@code jdk.unsupported}, Windows, a JVM run
 * with {@code -Xrs}) the install methods say so and piapi runs without it: the file watcher and
 * {@code POST /piadmin/api/reload} still reload, and a shutdown hook still drains. Signals belong to the
 * process, so only {@link Main} installs them, never a {@link Gateway} (tests run several in one JVM).
 */
final class Signals {
    private Signals() {}

    /** Installs {@code onHangup} as the SIGHUP handler; returns null on success, else why it is not available. */
    static String onHangup(Runnable onHangup) {
        try {
            handle(signo -> onHangup.run(), "HUP");
            return null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }

    /**
     * SIGTERM and SIGINT: {@code first} for the first of them, {@code second} for any later one; both receive
     * the signal number (15, 2). Returns false when the handlers cannot be installed.
     */
    static boolean onStop(IntConsumer first, IntConsumer second) {
        AtomicInteger received = new AtomicInteger();
        try {
            handle(signo -> (received.getAndIncrement() == 0 ? first : second).accept(signo), "TERM", "INT");
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Installs one handler for the named signals. It runs on the JVM's signal-dispatch thread, so what it
     * calls must not block for long.
     */
    private static void handle(IntConsumer handler, String... names) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Constructor<?> newSignal = signalType.getConstructor(String.class);
        Method install = signalType.getMethod("handle", signalType, handlerType);
        Method number = signalType.getMethod("getNumber");
        InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                handler.accept((Integer) number.invoke(args[0]));
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "piapi signal handler";
        };
        Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
        for (String name : names) install.invoke(null, newSignal.newInstance(name), proxy);
    }
}
