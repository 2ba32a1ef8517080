package dev.mainspring.platform.api;

import jakarta.servlet.AsyncContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an {@link AsyncContext#dispatch()} that Payara 6 stored and never ran.
 *
 * <p>A dispatch made while the request's first pass is still in the container is stored and run
 * when that pass ends ({@code AsyncContextImpl.onExitService}). The dispatching thread sets a flag
 * that a dispatch is coming, reads whether the pass has ended, and only then stores the dispatch;
 * the request thread, ending the pass, finds the flag but not yet the dispatch. Nothing runs it,
 * and the request hangs without a word in any log. {@link RequestBodyPrefetch} avoids dispatching
 * from another thread whenever it can; when it cannot and the dispatch has not begun a second
 * later, this calls the container's own method that runs a stored dispatch ({@code
 * invokeDelayDispatch}, which does nothing when there is none), by reflection, since it is not
 * public. Should that method ever be missing, the request is completed with what it has (an empty
 * answer the client sees at once) rather than left to hang.
 */
final class LostDispatch {

  private static final Logger LOG = Logger.getLogger(LostDispatch.class.getName());

  /** How long a dispatch may take to begin before it is taken for lost. */
  static final long GRACE_MILLIS = 1_000;

  private LostDispatch() {}

  static void resubmit(AsyncContext async) {
    try {
      Method run = async.getClass().getDeclaredMethod("invokeDelayDispatch");
      run.setAccessible(true);
      run.invoke(async);
      LOG.log(Level.WARNING, "an asynchronous dispatch the server had lost was run again");
    } catch (NoSuchMethodException
        | IllegalAccessException
        | InvocationTargetException
        | RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "an asynchronous dispatch was lost and could not be run again; the request is ended: {0}",
          String.valueOf(e));
      try {
        async.complete();
      } catch (RuntimeException ignored) {
        // Ended meanwhile.
      }
    }
  }
}
