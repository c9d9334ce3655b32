// What people type, as SQL conditions on a normalised name (np_search_text, migration 0006): every
// word must appear, in any order, case-, accent- and punctuation-insensitive. A word of three or more
// characters matches anywhere ("equip" finds "L'Équipe", "hann" finds "Channel"); a shorter one
// matches the start of a word ("hd" finds "BBC One HD", not "Shdw"). Both forms are served by the
// trigram index: a substring gives trigrams of its own, and a short word after a space or at the
// start gives pg_trgm's word-start trigrams ("  h", " hd"); a short substring alone would scan every row.

/**
 * The words of a query, split where np_search_text splits a name (at anything but letters and
 * digits); the accents stay for the database's unaccent, which knows which letters have one.
 */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = q.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  return [...new Set(words)].slice(0, 8);
}

/** A short word matches at a word start; a longer one anywhere. */
export const WORD_START_BELOW = 3;

/**
 * One condition per word on `column` (a normalised text: `s.search_text` or `np_search_text(x)`).
 * The words go through np_search_text in SQL too, so the database's normalisation is the one that counts.
 */
export function searchConditions(column: string, words: string[], param: (v: unknown) => string): string[] {
  return words.map((w) => {
    const p = `np_search_text(${param(w)})`;
    return w.length >= WORD_START_BELOW ? `${column} LIKE '%' || ${p} || '%'` : `(${column} LIKE ${p} || '%' OR ${column} LIKE '% ' || ${p} || '%')`;
  });
}
