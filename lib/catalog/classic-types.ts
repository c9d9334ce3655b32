// Values of the classic panel types that strict clients parse as numbers (Jellyfin.Xtream reads
// `rating` as a non-nullable decimal and `episode_run_time` as an int): a string, never "".

/** `rating` out of 10 as a string; "0" when unknown. */
export const ratingText = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '0' : String(Math.round(r * 10) / 10));

/** `rating_5based`: a number, 0 when unknown. */
export const rating5 = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? 0 : Math.round((r / 2) * 10) / 10);

/** `episode_run_time` in minutes as a string of digits ("45 min" gives "45"); "0" when unknown. */
export function runTime(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return String(Math.round(v));
  const digits = typeof v === 'string' ? /\d+/.exec(v) : null;
  return digits ? String(Number(digits[0])) : '0';
}

/** An integer when the value is one (a string of digits too), else null: `tmdb_id` of XC 2.9 / XUI. */
export function intOrNull(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  return typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : null;
}
