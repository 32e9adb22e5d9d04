/**
 * Gathers single reads made in the same tick into one IndexedDB transaction: a burst of 1,000 lookups checks the
 * cache with one transaction, not 1,000.
 */
export function createBatchedReader<K, V>(readMany: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  let pending: { key: K; resolve(value: V): void; reject(error: unknown): void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    readMany(batch.map((item) => item.key)).then(
      (values) => batch.forEach((item, index) => item.resolve(values[index] as V)),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ key, resolve, reject });
    });
}
