/**
 * Jobs handed out in the order they came, each to whichever taker asks first: the Choose-k
 * sweep's measures, shared between its own thread and another. `next()` waits for a job, and
 * gives null once the queue is closed and empty.
 */
export class JobQueue<T> {
  private readonly jobs: T[] = [];
  private readonly waiting: ((job: T | null) => void)[] = [];
  private closed = false;

  push(job: T): void {
    const taker = this.waiting.shift();
    if (taker) taker(job);
    else this.jobs.push(job);
  }

  /** No more jobs will come: takers still waiting get null. */
  close(): void {
    this.closed = true;
    for (const taker of this.waiting.splice(0)) taker(null);
  }

  next(): Promise<T | null> {
    if (this.jobs.length > 0) return Promise.resolve(this.jobs.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
