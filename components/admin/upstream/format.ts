const utcDateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const utcDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatUtcDateTime = (iso: string) => `${utcDateTime.format(new Date(iso))} UTC`;
export const formatUtcDate = (iso: string) => utcDate.format(new Date(iso));

/** "just now", "5 min ago", "3 h ago", "2 days ago" (or "in ..." for the future). */
export function relativeTime(iso: string, now: number): string {
  const diff = now - new Date(iso).getTime();
  const abs = Math.abs(diff);
  const wrap = (text: string) => (diff >= 0 ? `${text} ago` : `in ${text}`);
  if (abs < 60_000) return 'just now';
  const minutes = Math.round(abs / 60_000);
  if (minutes < 60) return wrap(`${minutes} min`);
  const hours = Math.round(abs / 3_600_000);
  if (hours < 48) return wrap(`${hours} h`);
  const days = Math.round(abs / 86_400_000);
  return wrap(`${days} days`);
}

/** The host (and port) of a server URL, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

export function formatInterval(minutes: number): string {
  if (minutes === 0) return 'manual sync only';
  if (minutes % 1440 === 0) return `syncs every ${minutes / 1440 === 1 ? 'day' : `${minutes / 1440} days`}`;
  if (minutes % 60 === 0) return `syncs every ${minutes / 60} h`;
  return `syncs every ${minutes} min`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');
