package com.comprehendo.analysis;

import com.comprehendo.job.CancelledException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Decodes (and preprocesses) images on a small pool of daemon threads ahead of the model, handing
 * them back in input order. Memory stays bounded: only as many images are in flight as the caller
 * keeps ahead ({@link #keepAhead}), whatever the dataset's size. The decode function should catch
 * what one file can do wrong and return it as a value, so a broken file never stops the run.
 *
 * <pre>{@code
 * try (DecodeAhead<ImageRecord, Decoded> ahead = new DecodeAhead<>(records, this::decode, 3, "decode")) {
 *   ahead.keepAhead(3 * batchSize);
 *   while (ahead.hasNext()) { Decoded next = ahead.next(); ... }
 * }
 * }</pre>
 *
 * @param <I> what is decoded (a record, an item)
 * @param <R> the result of decoding one
 */
public final class DecodeAhead<I, R> implements AutoCloseable {

  private final Iterator<? extends I> items;
  private final Function<? super I, ? extends R> decode;
  private final ExecutorService pool;
  private final Deque<Future<R>> pending = new ArrayDeque<>();

  /**
   * @param threads decoding threads (at least 1)
   * @param name the threads' name prefix, e.g. {@code comprehendo-decode}
   */
  public DecodeAhead(Iterator<? extends I> items, Function<? super I, ? extends R> decode, int threads, String name) {
    this.items = items;
    this.decode = decode;
    AtomicInteger number = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), task -> {
      Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts decoding until {@code count} images are in flight (or none are left to start). */
  public void keepAhead(int count) {
    while (pending.size() < count && items.hasNext()) {
      I item = items.next();
      pending.add(pool.submit(() -> decode.apply(item)));
    }
  }

  /** Whether another image is in flight or left to start. */
  public boolean hasNext() {
    return !pending.isEmpty() || items.hasNext();
  }

  /**
   * The next image in input order, waiting for its decoding.
   *
   * @throws CancelledException if the waiting thread is interrupted
   */
  public R next() {
    keepAhead(1);
    Future<R> future = pending.poll();
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    } catch (ExecutionException e) {
      throw new IllegalStateException("decoding failed unexpectedly", e.getCause());
    }
  }

  /** Cancels what is in flight and stops the threads. */
  @Override
  public void close() {
    pending.forEach(future -> future.cancel(true));
    pool.shutdownNow();
  }
}
