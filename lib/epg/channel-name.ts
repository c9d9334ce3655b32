// Channel names as providers and guides spell them differ in case, accents, punctuation, quality tags
// and country prefixes ("UK: BBC One FHD", "bbc one", "BBC One HD"). One normal form matches them.

const QUALITY = new Set(['hd', 'fhd', 'uhd', 'sd', 'hq', 'lq', '4k', '8k', 'hevc', 'h264', 'h265', 'x264', 'x265', '1080p', '1080i', '720p', '576p', '2160p', 'raw', 'backup', 'multi', 'vip']);
// A country or language code written as a prefix ("UK:", "UK |", "[UK]", "(US)") or as a trailing tag.
const PREFIX = /^\s*(?:\[[a-z]{2,3}\]|\([a-z]{2,3}\)|[a-z]{2,3}\s*[:|]|[a-z]{2,3}\s+-\s+)\s*/i;
const COUNTRY_SUFFIX = /\s*(?:\[[a-z]{2,3}\]|\([a-z]{2,3}\))\s*$/i;

/** "UK: BBC One FHD" → "bbc one"; "Das Erste (DE)" → "das erste"; "Canal+ Sport" → "canal plus sport". */
export function normalizeChannelName(name: string): string {
  let text = name.normalize('NFKD').replace(/\p{Mn}/gu, '');
  for (let i = 0; i < 2 && PREFIX.test(text); i += 1) text = text.replace(PREFIX, '');
  text = text.replace(COUNTRY_SUFFIX, '');
  text = text.toLowerCase().replace(/&/g, ' and ').replace(/\+(?!\d)/g, ' plus ');
  const words = text.split(/[^\p{L}\p{N}+]+/u).filter(Boolean);
  while (words.length > 1 && QUALITY.has(words[words.length - 1])) words.pop();
  return words.filter((w, i) => !(QUALITY.has(w) && i > 0)).join(' ');
}

/** Similarity of two normalised names, 0..1 (Dice over character bigrams); 1 when equal. */
export function nameScore(a: string, b: string): number {
  if (a === b) return 1;
  return diceScore(bigrams(a), bigrams(b));
}

/** A name's character bigrams (spaces dropped) with their counts: computed once per name when scoring many. */
export function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const t = s.replace(/ /g, '');
  for (let i = 0; i < t.length - 1; i += 1) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

/** Dice's coefficient of two bigram counts. */
export function diceScore(ga: Map<string, number>, gb: Map<string, number>): number {
  let common = 0;
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  return total === 0 ? 0 : (2 * common) / total;
}
