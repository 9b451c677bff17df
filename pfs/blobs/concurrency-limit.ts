/**
 * A counting semaphore: bounds how many uploads or reads are in flight at once, so that
 * streaming a large file keeps a fixed number of chunk buffers in memory.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  /** Waits for a free slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/**
 * Runs `task` over `items` with at most `limit` in flight, yielding results as they complete
 * (not in input order).
 */
export async function* mapUnordered<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): AsyncGenerator<R> {
  const running = new Map<number, Promise<{ id: number; result: R }>>();
  let next = 0;
  const launch = () => {
    const id = next++;
    const promise = task(items[id]!).then((result) => ({ id, result }));
    promise.catch(() => {});
    running.set(id, promise);
  };
  while (next < items.length && running.size < limit) launch();
  while (running.size > 0) {
    const { id, result } = await Promise.race(running.values());
    running.delete(id);
    if (next < items.length) launch();
    yield result;
  }
}
