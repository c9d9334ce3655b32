/** The host (and port) of a server URL, or the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function formatInterval(minutes: number): string {
  if (minutes === 0) return 'manual sync only';
  if (minutes % 1440 === 0) return `syncs every ${minutes / 1440 === 1 ? 'day' : `${minutes / 1440} days`}`;
  if (minutes % 60 === 0) return `syncs every ${minutes / 60} h`;
  return `syncs every ${minutes} min`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');
