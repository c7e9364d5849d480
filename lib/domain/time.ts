/** The instant `ms` milliseconds after `iso`, as an ISO string (UTC). */
export function plusMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
