/** The answer of a one-or-many intake endpoint: the single item, or counts and every item. */
export type IntakeStatus = 'recorded' | 'duplicate';
export type IntakeResponse =
  | { id: string; status: IntakeStatus }
  | { accepted: number; duplicates: number; items: { id: string; status: IntakeStatus }[] };

export function intakeResponse(
  body: unknown,
  results: readonly { id: string; status: IntakeStatus }[],
): IntakeResponse {
  const items = results.map((r) => ({ id: r.id, status: r.status }));
  if (!Array.isArray(body)) return items[0];
  const duplicates = items.filter((i) => i.status === 'duplicate').length;
  return { accepted: items.length - duplicates, duplicates, items };
}
