import { z } from 'zod';
import { upstreamSeriesInfoSchema, upstreamVodInfoSchema, type UpstreamSeriesInfo, type UpstreamVodInfo } from './detail-schemas';
import { UpstreamError } from './errors';
import {
  conditionalHeaders,
  defaultRetryPolicy,
  defaultUserAgent,
  openUpstream,
  parseJsonAnswer,
  readText,
  rejectFailureObject,
  validatorsOf,
  withRetries,
  type GuideValidators,
  type HttpSettings,
  type RetryPolicy,
} from './http';
import { openList, type ListTotals } from './list-stream';
import { cappedBody, notModifiedAnswer, type OpenedUrl } from './url-source';
import { normalizeServerUrl } from './normalize-url';
import { defaultRateLimit, type RateLimit } from './rate-limit';
import {
  upstreamAccountSchema,
  upstreamCategorySchema,
  catalogItemParsers,
  type UpstreamAccount,
  type UpstreamCategory,
  type UpstreamLive,
  type UpstreamMovie,
  type UpstreamSeries,
} from './schemas';

export type CatalogType = 'live' | 'vod' | 'series';
export type StreamKind = 'live' | 'movie' | 'series';
export type CatalogItem<T extends CatalogType> = T extends 'live' ? UpstreamLive : T extends 'vod' ? UpstreamMovie : UpstreamSeries;

export const upstreamClientOptionsSchema = z.object({
  serverUrl: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  /** Connect, first-byte and between-chunks timeout; fractions are allowed. */
  timeoutSeconds: z.number().positive().default(30),
  userAgent: z.string().min(1).optional(),
  /** Rate-limit key: calls of clients with the same key share one budget. Defaults to the server URL. */
  key: z.string().min(1).optional(),
});
export type UpstreamClientOptions = z.input<typeof upstreamClientOptionsSchema> & {
  rateLimit?: RateLimit;
  retry?: RetryPolicy;
};

const listActions: Record<CatalogType, string> = { live: 'get_live_streams', vod: 'get_vod_streams', series: 'get_series' };
const categoryActions: Record<CatalogType, string> = {
  live: 'get_live_categories',
  vod: 'get_vod_categories',
  series: 'get_series_categories',
};

// Small answers (login, categories, one title's details) are read whole; bigger means something is wrong.
const maxObjectBytes = 32 * 1024 * 1024;

export class UpstreamClient {
  readonly serverUrl: string;
  private readonly username: string;
  private readonly password: string;
  private readonly http: HttpSettings;

  constructor(options: UpstreamClientOptions) {
    const parsed = upstreamClientOptionsSchema.parse(options);
    this.serverUrl = normalizeServerUrl(parsed.serverUrl);
    this.username = parsed.username;
    this.password = parsed.password;
    this.http = {
      timeoutMs: Math.max(1, Math.round(parsed.timeoutSeconds * 1000)),
      userAgent: parsed.userAgent ?? defaultUserAgent,
      rateKey: parsed.key ?? this.serverUrl,
      rateLimit: options.rateLimit ?? defaultRateLimit,
      retry: options.retry ?? defaultRetryPolicy,
      secrets: [parsed.password],
    };
  }

  /** `player_api.php` without an action; throws `bad_credentials` for `auth:0` or no `user_info`. */
  async login(signal?: AbortSignal): Promise<UpstreamAccount> {
    const value = await this.fetchJson({}, signal);
    const account = upstreamAccountSchema.safeParse(value);
    if (!account.success || account.data === null || !account.data.userInfo.auth) {
      throw new UpstreamError('bad_credentials', 'The server did not accept the username or password (no active user_info in its answer)');
    }
    return account.data;
  }

  async categories(type: CatalogType, signal?: AbortSignal): Promise<UpstreamCategory[]> {
    const value = await this.fetchJson({ action: categoryActions[type] }, signal);
    const rows = this.expectList(value, `${type} categories`);
    return rows
      .map((row) => upstreamCategorySchema.safeParse(row))
      .flatMap((result) => (result.success && result.data !== null ? [result.data] : []));
  }

  /**
   * Streams a whole catalog list, parsing it incrementally, and awaits `onItem` for each item
   * (backpressure). Rows without an id are skipped and counted. `count` 0 means the provider
   * answered `[]`: it is up to the caller whether that may replace a catalog.
   */
  async streamList<T extends CatalogType>(
    type: T,
    onItem: (item: CatalogItem<T>) => void | Promise<void>,
    options: { signal?: AbortSignal; categoryId?: string } = {},
  ): Promise<ListTotals> {
    const items = this.iterate(type, options);
    for (;;) {
      const next = await items.next();
      if (next.done) return next.value;
      await onItem(next.value);
    }
  }

  /** The same list as an async iterator; its return value carries the totals. */
  async *iterate<T extends CatalogType>(
    type: T,
    options: { signal?: AbortSignal; categoryId?: string } = {},
  ): AsyncGenerator<CatalogItem<T>, ListTotals> {
    const params: Record<string, string> = { action: listActions[type] };
    if (options.categoryId !== undefined) params.category_id = options.categoryId;
    const totals: ListTotals = { count: 0, skipped: 0 };
    const parse = catalogItemParsers[type] as (row: unknown) => CatalogItem<T> | null;
    for await (const row of openList(this.apiUrl(params), this.http, options.signal)) {
      const item = parse(row);
      if (item !== null) {
        totals.count += 1;
        yield item;
      } else {
        totals.skipped += 1;
      }
    }
    return totals;
  }

  async vodInfo(vodId: string | number, signal?: AbortSignal): Promise<UpstreamVodInfo> {
    const value = await this.fetchJson({ action: 'get_vod_info', vod_id: String(vodId) }, signal);
    return upstreamVodInfoSchema.parse(value);
  }

  async seriesInfo(seriesId: string | number, signal?: AbortSignal): Promise<UpstreamSeriesInfo> {
    const value = await this.fetchJson({ action: 'get_series_info', series_id: String(seriesId) }, signal);
    const parsed = upstreamSeriesInfoSchema.parse(value);
    // `info` rarely carries its own id; the one asked for is the truth.
    return { ...parsed, series: parsed.series ? { ...parsed.series, seriesId: String(seriesId) } : null };
  }

  /** Raw `epg_listings` rows (base64 titles as sent); the epg domain decodes them. */
  async shortEpg(streamId: string | number, limit = 4, signal?: AbortSignal): Promise<unknown[]> {
    const value = await this.fetchJson({ action: 'get_short_epg', stream_id: String(streamId), limit: String(limit) }, signal);
    return epgListings(value);
  }

  async simpleDataTable(streamId: string | number, signal?: AbortSignal): Promise<unknown[]> {
    const value = await this.fetchJson({ action: 'get_simple_data_table', stream_id: String(streamId) }, signal);
    return epgListings(value);
  }

  /** The upstream URL of a stream. It carries the credentials: hand it to the relay, never log it. */
  streamUrl(kind: StreamKind, id: string | number, extension: string): string {
    const ext = extension.replace(/^\./, '');
    return `${this.serverUrl}/${kind}/${encodeURIComponent(this.username)}/${encodeURIComponent(this.password)}/${encodeURIComponent(String(id))}.${ext}`;
  }

  /**
   * The provider's catch-up URL of a channel (`/timeshift/{u}/{p}/{minutes}/{start}/{id}.{ext}`), with
   * `start` already written in the provider's time zone as `YYYY-MM-DD:HH-MM`. Carries the credentials.
   */
  timeshiftUrl(id: string | number, start: string, durationMinutes: number, extension: string): string {
    const ext = extension.replace(/^\./, '');
    return `${this.serverUrl}/timeshift/${encodeURIComponent(this.username)}/${encodeURIComponent(this.password)}/${durationMinutes}/${start}/${encodeURIComponent(String(id))}.${ext}`;
  }

  /**
   * Opens the provider's XMLTV guide with this client's settings (User-Agent, timeouts, rate limit,
   * retries, credential-free errors). The body is at most `maxBytes`; the caller reads and closes it.
   */
  async openGuide(maxBytes: number, signal?: AbortSignal, validators?: GuideValidators): Promise<OpenedUrl> {
    const conditional = conditionalHeaders(validators);
    const response = await withRetries(() => openUpstream(this.xmltvUrl(), this.http, signal, conditional), this.http.retry, this.http.secrets, signal);
    if (response.status === 304) {
      return notModifiedAnswer(response.headers);
    }
    if (/text\/html/i.test(response.contentType)) {
      response.body.on('error', () => undefined);
      response.body.destroy();
      throw new UpstreamError('not_xtream', 'The server answered xmltv.php with an HTML page, not an XMLTV guide');
    }
    return {
      contentType: response.contentType,
      body: cappedBody(response.body, maxBytes),
      notModified: false,
      validators: validatorsOf(response.headers),
      close: () => {
        response.body.on('error', () => undefined); // destroying an unread body reports an abort: not news
        response.body.destroy();
      },
    };
  }

  /** The guide settings callers need to describe errors (never the password itself). */
  get secrets(): readonly string[] {
    return this.http.secrets;
  }

  /** The XMLTV guide URL (also carries the credentials). */
  xmltvUrl(): string {
    return this.apiUrl({}, 'xmltv.php');
  }

  private apiUrl(params: Record<string, string>, script = 'player_api.php'): string {
    const query = new URLSearchParams({ username: this.username, password: this.password, ...params });
    return `${this.serverUrl}/${script}?${query.toString()}`;
  }

  private fetchJson(params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const url = this.apiUrl(params);
    return withRetries(
      async () => {
        const response = await openUpstream(url, this.http, signal);
        const text = await readText(response.body, maxObjectBytes);
        const value = parseJsonAnswer(text, response.contentType, this.http.secrets);
        rejectFailureObject(value, this.http.secrets);
        return value;
      },
      this.http.retry,
      this.http.secrets,
      signal,
    );
  }

  private expectList(value: unknown, what: string): unknown[] {
    if (Array.isArray(value)) return value;
    throw new UpstreamError('invalid_response', `The server did not answer with a list of ${what} (an expired or disabled account answers like this)`);
  }
}

function epgListings(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return [];
  const listings: unknown = Reflect.get(value, 'epg_listings');
  if (Array.isArray(listings)) return listings;
  // The multi-channel form is an object keyed by stream id.
  if (listings !== null && typeof listings === 'object') return Object.values(listings).flat();
  return [];
}
