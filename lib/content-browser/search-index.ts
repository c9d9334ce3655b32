import { getDatabase, type Database } from '@/db/client';
import * as q from '@/db/queries/content-browser';
import { WORD_START_BELOW } from '@/db/queries/search-match';
import { currentCatalogVersion, onCatalogVersion } from '@/lib/catalog-version/version';
import { registerBound } from '@/lib/monitor/bounds';
import { processState } from '@/lib/state';

// The content browser's search over a big catalog, in memory (issue 16). A word common to 50,000
// names ("channel") costs PostgreSQL a trigram bitmap of 50,000 rows, their recheck and a sort, twice
// (the page and the total): 60-80 ms on two cores, several times that on PGlite. Here every item's
// normalised name (search_text, the same np_search_text the SQL search uses) sits in one string in
// browse order, so a word is one indexOf pass over a few MB, and the page and the total fall out of
// one walk in order. The database still answers: the page's details, any filter this does not model
// (a category), and every search while the index is missing or older than the catalog.

/** Items at or above which the index answers (below it the trigram index is fast enough). */
export const searchIndexOptions = { minItems: 10_000, maxItems: 2_000_000, pageRows: 5_000, rebuildDelayMs: 3_000 };

interface Index {
  /** The database it was read from (tests switch databases in one process) and the catalog version. */
  db: Database;
  version: number;
  /** "\n" + name for every item, in browse order. */
  text: string;
  /** Where each item's "\n" is; starts[n] is text.length. */
  starts: Uint32Array;
  ids: Float64Array;
  /** 0 live, 1 movie, 2 series (synced); 3 movie, 4 series (local). */
  kinds: Uint8Array;
  /** Index into `upstreams` + 1; 0 for local items. */
  upstream: Uint32Array;
  upstreams: Map<string, number>;
  /** Items the admin renamed (position -> the new name, normalised): found by either name. */
  renamed: Map<number, string>;
  bytes: number;
}

const state = processState('contentSearchIndex', () => ({
  index: undefined as Index | undefined,
  building: undefined as Promise<void> | undefined,
  timer: undefined as NodeJS.Timeout | undefined,
  unlisten: undefined as (() => void) | undefined,
}));

registerBound('content_search_index', { unit: 'entries', limit: searchIndexOptions.maxItems, used: () => state.index?.ids.length ?? 0 });

/** Reads the catalog and builds the index for the version it read first. */
async function build(): Promise<void> {
  // The version first: a change committed while the rows are read leaves this index older than the
  // catalog, so the next search rebuilds instead of trusting it.
  const db = await getDatabase();
  const version = await currentCatalogVersion();
  const rows: q.SearchIndexRow[] = [];
  for (const table of ['synced', 'local'] as const) {
    for (let after = -1; ; ) {
      const page = await q.searchIndexPage(table, after, searchIndexOptions.pageRows);
      for (const r of page) rows.push(r);
      if (rows.length > searchIndexOptions.maxItems) return void (state.index = undefined);
      if (page.length < searchIndexOptions.pageRows) break;
      after = page[page.length - 1].public_id;
      // Between pages the event loop serves others (PGlite runs in this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const renames = new Map((await q.renamedSearchTexts()).map((r) => [r.public_id, r.t]));
  const renamed = new Map<number, string>();
  // Browse order: the sort key (PostgreSQL's lower(), compared by code unit like COLLATE "C" for
  // every character below U+10000), then the public id.
  rows.sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.public_id - b.public_id));
  const n = rows.length;
  const starts = new Uint32Array(n + 1);
  const ids = new Float64Array(n);
  const kinds = new Uint8Array(n);
  const upstream = new Uint32Array(n);
  const upstreams = new Map<string, number>();
  const parts: string[] = new Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const t = r.t;
    parts[i] = t;
    starts[i] = at;
    at += t.length + 1;
    const rename = renames.get(r.public_id);
    if (rename !== undefined) renamed.set(i, rename);
    ids[i] = r.public_id;
    kinds[i] = r.kind;
    if (r.upstream_id) {
      let u = upstreams.get(r.upstream_id);
      if (u === undefined) upstreams.set(r.upstream_id, (u = upstreams.size + 1));
      upstream[i] = u;
    }
  }
  starts[n] = at;
  const text = n ? `\n${parts.join('\n')}` : '';
  state.index = { db, version, text, starts, ids, kinds, upstream, upstreams, renamed, bytes: text.length + n * (4 + 8 + 1 + 4) };
}

/** Builds (once at a time); a failure leaves the SQL search in charge until the next try. */
function rebuild(): Promise<void> {
  return (state.building ??= build()
    .catch(() => undefined)
    .finally(() => {
      state.building = undefined;
    }));
}

/** After a catalog change, the index is rebuilt a moment later (changes come in bursts). */
function follow(): void {
  state.unlisten ??= onCatalogVersion(() => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void rebuild(), searchIndexOptions.rebuildDelayMs);
    state.timer.unref?.();
  });
}

/** The index if it matches the catalog now; else a build starts and the caller asks SQL. */
async function freshIndex(): Promise<Index | undefined> {
  follow();
  const index = state.index;
  if (index && index.db === (await getDatabase()) && index.version === (await currentCatalogVersion())) return index;
  void rebuild();
  return undefined;
}

/** The content browser opened: a catalog changed since the last build is read now, before the first search. */
export function warmSearchIndex(): void {
  void freshIndex().catch(() => undefined);
}

export interface IndexFilter {
  kinds: readonly number[];
  upstreamId?: string;
}

/**
 * A page of matches by the index, in browse order, and their total; undefined when the index cannot
 * answer now (missing, older than the catalog, too small to be worth it): the caller asks SQL.
 */
export async function searchByIndex(query: string, filter: IndexFilter, limit: number, offset: number): Promise<{ ids: number[]; total: number } | undefined> {
  const index = await freshIndex();
  if (!index || index.ids.length < searchIndexOptions.minItems) return undefined;
  const words = [...new Set(await normalise(query))].slice(0, 8);
  const n = index.ids.length;
  const { text, starts } = index;
  if (!words.length) return undefined;
  // The longest word first (the rarest, as a rule): one pass over the whole text marks the items it
  // occurs in; each further word is checked in those items alone while they are few, else by a pass.
  const ordered = [...words].sort((x, y) => y.length - x.length);
  const hits = markOccurrences(text, starts, n, ordered[0]);
  let count = hits.reduce((sum, h) => sum + h, 0);
  for (const word of ordered.slice(1)) {
    if (count === 0) break;
    if (count * 64 < n) {
      count = 0;
      for (let i = 0; i < n; i++) if (hits[i] && (hits[i] = nameHas(text.slice(starts[i] + 1, starts[i + 1]), word) ? 1 : 0)) count++;
    } else {
      const marks = markOccurrences(text, starts, n, word);
      count = 0;
      for (let i = 0; i < n; i++) count += hits[i] &= marks[i];
    }
  }
  for (const [i, name] of index.renamed) if (!hits[i] && words.every((w) => nameHas(name, w))) hits[i] = 1;
  const kindOk = new Uint8Array(5);
  for (const k of filter.kinds) kindOk[k] = 1;
  const upstreamNo = filter.upstreamId === undefined ? undefined : (index.upstreams.get(filter.upstreamId) ?? -1);
  const ids: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!hits[i] || !kindOk[index.kinds[i]] || (upstreamNo !== undefined && index.upstream[i] !== upstreamNo)) continue;
    if (total >= offset && ids.length < limit) ids.push(index.ids[i]);
    total++;
  }
  return { ids, total };
}

/**
 * The words np_search_text makes of a query, as it made the names. Printable ASCII it maps alone
 * (lower case, anything but letters and digits a separator); anything else asks the database, whose
 * unaccent knows the letters.
 */
async function normalise(query: string): Promise<string[]> {
  if (/^[\x20-\x7e]*$/.test(query)) return query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return q.normaliseSearch(query);
}

/** A short word counts at a word start only; a longer one anywhere (as in search-match.ts). */
function nameHas(name: string, word: string): boolean {
  return word.length >= WORD_START_BELOW ? name.includes(word) : name.startsWith(word) || name.includes(` ${word}`);
}

/** One pass over the text: 1 for every item the word occurs in. */
function markOccurrences(text: string, starts: Uint32Array, n: number, word: string): Uint8Array {
  const marks = new Uint8Array(n);
  const patterns = word.length >= WORD_START_BELOW ? [word] : [`\n${word}`, ` ${word}`];
  for (const pattern of patterns) {
    // The word's first letter (after the separator of a short one) decides the item.
    const shift = pattern.length - word.length;
    let item = 0;
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
      while (starts[item + 1] <= at + shift) item++;
      marks[item] = 1;
    }
  }
  return marks;
}

/** Builds the index now (tests). */
export function buildSearchIndex(): Promise<void> {
  follow();
  return rebuild();
}

/** What the index holds (tests; /api/metrics counts its entries through registerBound). */
export function searchIndexStats(): { version: number; items: number; bytes: number } | undefined {
  const i = state.index;
  return i && { version: i.version, items: i.ids.length, bytes: i.bytes };
}
