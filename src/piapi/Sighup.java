package piapi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Reloads the config on SIGHUP, the Unix convention for "re-read your configuration".
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}). Naming it in
 * source makes javac warn "internal proprietary API", a warning no annotation suppresses, so the build's
 * {@code -Xlint:all -Werror} would fail. It is therefore looked up by name at start (once, never on a
 * request path). Where it is missing (a jlink image without {@code jdk.unsupported}, Windows, a JVM run
 * with {@code -Xrs}), {@link #install} says so and piapi runs without it: the file watcher and
 * {@code POST /piadmin/api/reload} still reload. Signals belong to the process, so only {@link Main}
 * installs this, never a {@link Gateway} (tests run several in one JVM).
 */
final class Sighup {
    private Sighup() {}

    /** Installs {@code onHangup} as the SIGHUP handler; returns null on success, else why it is not available. */
    static String install(Runnable onHangup) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            InvocationHandler dispatch = (proxy, method, args) -> invoke(proxy, method, args, onHangup);
            Object handler = Proxy.newProxyInstance(Sighup.class.getClassLoader(), new Class<?>[] {handlerType}, dispatch);
            signal.getMethod("handle", signal, handlerType).invoke(null, hup, handler);
            return null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }

    private static Object invoke(Object proxy, Method method, Object[] args, Runnable onHangup) {
        return switch (method.getName()) {
            case "handle" -> {
                // The JVM calls this on its own signal-dispatch thread; a reload is quick and never throws.
                onHangup.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "piapi SIGHUP handler";
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }
}
