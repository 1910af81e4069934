package piapi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * SIGTERM and SIGINT: the first starts a graceful stop, the second exits at once. A JVM shutdown hook
 * cannot do this (while hooks run, a second signal blocks in {@code Runtime.exit} forever), so the
 * handlers are installed with {@code sun.misc.Signal} from the jdk.unsupported module. It is reached by
 * reflection, once at startup: javac's "internal proprietary API" warning cannot be suppressed, and
 * the build compiles with {@code -Werror}. When the API is missing or the JVM owns the signals
 * ({@code -Xrs}), {@link #install} returns false and the caller falls back to a shutdown hook.
 */
final class StopSignals {
    private StopSignals() {}

    /**
     * Installs the handlers. {@code first} and {@code second} receive the signal number (15, 2) on a
     * thread of the JVM's signal dispatcher: they must not block for long.
     */
    static boolean install(IntConsumer first, IntConsumer second) {
        AtomicInteger received = new AtomicInteger();
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Constructor<?> newSignal = signalType.getConstructor(String.class);
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            Method number = signalType.getMethod("getNumber");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (!method.getName().equals("handle")) return objectMethod(proxy, method, args);
                int signo = (Integer) number.invoke(args[0]);
                if (received.getAndIncrement() == 0) first.accept(signo); else second.accept(signo);
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
            handle.invoke(null, newSignal.newInstance("TERM"), handler);
            handle.invoke(null, newSignal.newInstance("INT"), handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "piapi stop signal handler";
        };
    }
}
