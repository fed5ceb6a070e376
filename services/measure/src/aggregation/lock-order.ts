/** Rows in one total order, so concurrent batches take their row locks in the same order. */
export function sorted<T>(rows: readonly T[], key: (r: T) => string): T[] {
  return rows
    .map((r) => [key(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);
}
