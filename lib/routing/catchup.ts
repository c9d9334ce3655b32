// Catch-up (timeshift) requests: what players send and what providers expect (XTREAM.md §1, the
// reference's "Timeshift details"). The panel declares `timezone: "UTC"`, so every start a player sends
// is UTC; providers read the start in their own `server_info.timezone`, so it is converted on the way out.

/** A catch-up window: UTC start (epoch seconds) and length in minutes. */
export interface Catchup {
  start: number;
  durationMinutes: number;
}

/** Longest window one request may ask for (providers cap their archives at days; 24 h is plenty for one programme). */
export const MAX_CATCHUP_MINUTES = 24 * 60;
/** TiviMate's `?utc=` without `lutc`: the usual length of a programme and a bit. */
const DEFAULT_CATCHUP_MINUTES = 120;

const START_FORMATS: RegExp[] = [
  // 2024-12-01:06-30, 2024-12-01_06-30, 2024-12-01:06:30:00, 2024-12-01 06:30:00, 2024-12-01T06:30
  /^(\d{4})-(\d{2})-(\d{2})[:_ T](\d{2})[-:](\d{2})(?:[-:](\d{2}))?$/,
  // 20241201-06 (hours only) and 20241201-0630
  /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})?()$/,
];

/** A start as players write it, read as UTC; null when it is not a date the panel understands. */
export function parseCatchupStart(text: string): number | null {
  const value = decodeURIComponent(text).trim();
  if (/^\d{9,11}$/.test(value)) return Number(value); // epoch seconds (TiviMate's utc)
  for (const format of START_FORMATS) {
    const m = format.exec(value);
    if (!m) continue;
    const [y, mo, d, h, mi, sec] = m.slice(1).map((v) => Number(v || 0));
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
    const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
    if (new Date(ms).getUTCDate() !== d) return null; // 2024-02-31
    return ms / 1000;
  }
  return null;
}

/** Minutes as players send them; null when not a sensible length. */
export function parseCatchupMinutes(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const minutes = Number(text);
  return minutes >= 1 && minutes <= MAX_CATCHUP_MINUTES ? minutes : null;
}

/** TiviMate's form on the live URL: `?utc={start}&lutc={now}`, both epoch seconds. */
export function catchupFromUtc(utc: string, lutc: string | undefined): Catchup | null {
  if (!/^\d{9,11}$/.test(utc)) return null;
  const start = Number(utc);
  const end = lutc && /^\d{9,11}$/.test(lutc) ? Number(lutc) : null;
  const minutes = end !== null && end > start ? Math.ceil((end - start) / 60) : DEFAULT_CATCHUP_MINUTES;
  return { start, durationMinutes: Math.min(minutes, MAX_CATCHUP_MINUTES) };
}

/** `YYYY-MM-DD:HH-MM` of an instant in the provider's time zone (UTC when it names none or an unknown one). */
export function providerStart(start: number, timeZone: string | null | undefined): string {
  let zone = 'UTC';
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      zone = timeZone;
    } catch {
      zone = 'UTC';
    }
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(start * 1000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}:${parts.hour}-${parts.minute}`;
}
