package hepscan.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C or SIGTERM into a stop request: while open, a shutdown hook sets {@link
 * #requested()} and holds the JVM up to {@code graceSeconds} so that the work can drop its trial
 * and write what it must (markers, the ranking) before the JVM goes.
 */
final class ShutdownStop implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  ShutdownStop(String name, int graceSeconds) {
    hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  boolean requested() {
    return stop.get();
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running
    }
  }
}
