/**
 * A counting semaphore, first come first served. The firm server holds one for refresh
 * transactions: each holds a pooled connection for its Fortnox call and needs a second one,
 * briefly, for its rate-limit slot, so letting as many run as the pool has connections would
 * leave none for the slots and every refresh would wait on the pool (firm-server.md section 1:
 * "cap concurrent refreshes below max").
 */
export class RefreshPermits {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`permits must be a positive integer: ${size}`);
    this.free = size;
  }

  /** Runs `task` once a permit is free, and frees it when `task` settles. */
  async with<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The permit passes straight to the next in line; only when nobody waits is it freed.
      if (next) next();
      else this.free += 1;
    }
  }

  /** Permits in use now. */
  get inUse(): number {
    return this.size - this.free;
  }
}
