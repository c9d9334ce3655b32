// What real providers get wrong, switchable per test on `fake.quirks` (all off by default).

export type ListAction =
  | 'get_live_categories'
  | 'get_vod_categories'
  | 'get_series_categories'
  | 'get_live_streams'
  | 'get_vod_streams'
  | 'get_series';

export interface Quirks {
  /** Every numeric field as a string (`"stream_id":"1000"`). */
  numbersAsStrings: boolean;
  /** Numeric-looking strings as numbers (`"category_id":5`, `"added":1700000000`, `"rating":7.5`). */
  stringsAsNumbers: boolean;
  /** Every third item has `category_id: null` and no `category_ids`. */
  nullCategories: boolean;
  /** `backdrop_path` of series as one string, a list (the default) or null. */
  backdropPath: 'string' | 'list' | 'null';
  /** `info: []` in vod info and episodes, `episodes` as an array of season arrays. */
  emptyObjectsAsArrays: boolean;
  /** Every API answer is an HTML error page (status `htmlErrorStatus`). */
  htmlError: boolean;
  htmlErrorStatus: number;
  /** Delay before any answer. */
  slowMs: number;
  /** Destroys the socket after writing part of this list. */
  resetMidList: ListAction | null;
  /** Stream lists slowly: a pause of `ms` after every `rows` rows (a big catalog on a slow provider). */
  listPause: { rows: number; ms: number } | null;
  /** This list answers `[]`. */
  emptyList: ListAction | null;
  /** After `requests` API calls within `windowMs`, every request gets 403 "Access denied" until reset(). */
  banAfter: { requests: number; windowMs: number } | null;
  /** The next n API calls answer 500. */
  status500Times: number;
  /** API answers are `{"error": ...}` (a string: that message). */
  errorObject: boolean | string;
  /** xmltv.php answers 500 or an HTML page with status 200, or `cut`: the start of the guide, then the connection drops. */
  xmltvFailure: 'status500' | 'html' | 'cut' | null;
  /** xmltv.php writes local times with this offset in minutes (`+0100` for 60) instead of `+0000`. */
  xmltvOffsetMinutes: number;
  /** xmltv.php is sent as a gzip file whatever the client accepts, without Content-Encoding. */
  xmltvGzipFile: boolean;
  /** `server_info.timezone` of the login answer (providers read catch-up starts in it). */
  timezone: string;
  /**
   * A provider that attacks the panel (./hostile.ts): the first movie is an HTML page with a script,
   * the second redirects to `internalUrl`; live HLS playlists point a variant, the key and segments at
   * `internalUrl`; names, logos, groups and tvg ids carry CR/LF and quotes; extensions are
   * `mp4\r\n#EXTINF...` or `../../x`. `internalUrl` is a service on the panel's side.
   */
  hostile: { internalUrl: string } | null;
  /** Live `.ts` answers 200 and ends at once (a broken channel that players retry). */
  liveEndsAtOnce: boolean;
  /** Open live streams stop sending (no reset, no close) while set; new ones answer and send nothing. */
  liveStalled: boolean;
}

export function defaultQuirks(): Quirks {
  return {
    numbersAsStrings: false,
    stringsAsNumbers: false,
    nullCategories: false,
    backdropPath: 'list',
    emptyObjectsAsArrays: false,
    htmlError: false,
    htmlErrorStatus: 200,
    slowMs: 0,
    resetMidList: null,
    listPause: null,
    emptyList: null,
    banAfter: null,
    status500Times: 0,
    errorObject: false,
    xmltvFailure: null,
    xmltvOffsetMinutes: 0,
    xmltvGzipFile: false,
    timezone: 'UTC',
    hostile: null,
    liveEndsAtOnce: false,
    liveStalled: false,
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// Free text stays text even when it looks like a number (a film called "1917").
const textKeys = new Set(['name', 'title', 'plot', 'description', 'cast', 'director', 'genre', 'username', 'password', 'message', 'category_name']);

function retype(value: Json, key: string, quirks: Quirks): Json {
  if (Array.isArray(value)) return value.map((entry) => retype(entry, key, quirks));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = retype(v, k, quirks);
    return out;
  }
  if (quirks.numbersAsStrings && typeof value === 'number') return String(value);
  if (quirks.stringsAsNumbers && typeof value === 'string' && !textKeys.has(key) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value;
}

/** Applies the type quirks to one row or answer. */
export function applyTypeQuirks<T extends Json>(value: T, quirks: Quirks): Json {
  if (!quirks.numbersAsStrings && !quirks.stringsAsNumbers) return value;
  return retype(value, '', quirks);
}

export type { Json };
