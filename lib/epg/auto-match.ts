import * as map from '@/db/queries/epg-map';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import { bigrams, diceScore, normalizeChannelName } from './channel-name';

const WRITE_BATCH = 5000;
/** A near name (Dice over bigrams) counts from this score; exact normalised names score 1. */
const MIN_NAME_SCORE = 0.85;
const YIELD_EVERY = 2000;

interface NearName {
  name: string;
  grams: Map<string, number>;
}

export interface MatchResult {
  /** Live channels with a guide (auto-matched, pinned or dummy). */
  matched: number;
  unmatched: number;
}

interface Candidate {
  sourceId: string;
  channelId: string;
  upstreamId: string | null;
}

/**
 * Matches every live channel that is not pinned to a guide channel: its own `epg_channel_id` in a
 * source that has it first (case-insensitively), then its normalised name against the guide
 * channels' display names (exact, else the closest above MIN_NAME_SCORE). Among sources that have the
 * channel, the highest priority wins; on a tie the channel's own upstream's guide. Pins, dummies and
 * offsets are never changed here.
 */
export function autoMatch(): Promise<MatchResult> {
  // One run at a time: two runs side by side (two sources refreshed at once) could write an older
  // reading last. A call during a run gets one more run after it, shared by every caller meanwhile.
  if (!runs.current) return startRun();
  runs.next ??= runs.current.catch(() => undefined).then(() => {
    runs.next = null;
    return startRun();
  });
  return runs.next;
}

const runs = processState('epgAutoMatchRuns', () => ({ current: null as Promise<MatchResult> | null, next: null as Promise<MatchResult> | null }));

function startRun(): Promise<MatchResult> {
  const run = matchOnce().finally(() => {
    if (runs.current === run) runs.current = null;
  });
  runs.current = run;
  return run;
}

async function matchOnce(): Promise<MatchResult> {
  const [channels, guide, pinned] = await Promise.all([map.liveChannelsForMatching(), map.guideChannelsForMatching(), map.pinnedPublicIds()]);
  // guide rows come best source first: the first candidate of a key is the best unless the channel's own upstream ties it
  const byId = new Map<string, (Candidate & { priority: number })[]>();
  const byName = new Map<string, (Candidate & { priority: number })[]>();
  for (const g of guide) {
    const c = { sourceId: g.source_id, channelId: g.channel_id, upstreamId: g.upstream_server_id, priority: g.priority };
    push(byId, g.channel_id.toLowerCase(), c);
    for (const name of new Set([g.display_name, g.channel_id.replace(/\.[a-z]{2,3}$/i, '')])) {
      const key = name ? normalizeChannelName(name) : '';
      if (key) push(byName, key, c);
    }
  }
  // Near-name candidates share the first letter and the numbers: bucketed by both once, so a channel
  // scores only its bucket (a scan of every name per channel was quadratic: 65 s for 30k channels).
  const buckets = new Map<string, NearName[]>();
  for (const name of byName.keys()) push(buckets, `${name[0]}|${digitsOf(name)}`, { name, grams: bigrams(name) });
  const rows: map.AutoMatch[] = [];
  let matched = 0;
  let sinceYield = 0;
  for (const ch of channels) {
    // A big catalog's matching is seconds of CPU: let players and the other sync run in between.
    if (++sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((r) => setImmediate(r));
    }
    if (pinned.has(ch.public_id)) {
      matched += 1;
      continue;
    }
    let found: { c: Candidate; by: 'id' | 'name'; score: number } | null = null;
    const ids = ch.epg_channel_id ? byId.get(ch.epg_channel_id.toLowerCase()) : undefined;
    if (ids) found = { c: best(ids, ch.upstream_server_id), by: 'id', score: 1 };
    else {
      const key = normalizeChannelName(ch.name);
      const exact = key ? byName.get(key) : undefined;
      if (exact) found = { c: best(exact, ch.upstream_server_id), by: 'name', score: 1 };
      else if (key.length >= 4) {
        // Near names only when their numbers agree: "Channel 5" is not "Channel 6", "Sport 1" not "Sport 2".
        const grams = bigrams(key);
        let top = { name: '', score: 0 };
        for (const n of buckets.get(`${key[0]}|${digitsOf(key)}`) ?? []) {
          if (Math.abs(n.name.length - key.length) > 3) continue;
          const s = n.name === key ? 1 : diceScore(grams, n.grams);
          if (s > top.score) top = { name: n.name, score: s };
        }
        if (top.score >= MIN_NAME_SCORE) found = { c: best(byName.get(top.name)!, ch.upstream_server_id), by: 'name', score: Math.round(top.score * 100) / 100 };
      }
    }
    if (found) matched += 1;
    rows.push({
      publicId: ch.public_id,
      sourceId: found?.c.sourceId ?? null,
      epgChannelId: found?.c.channelId ?? null,
      matchedBy: found?.by ?? null,
      score: found?.score ?? null,
    });
  }
  let changed = 0;
  for (let i = 0; i < rows.length; i += WRITE_BATCH) changed += await map.saveAutoMatches(rows.slice(i, i + WRITE_BATCH));
  // A channel without its own guide id is listed with its match's (curated catalog): lists follow.
  if (changed > 0) await bumpCatalogVersion();
  const result = { matched, unmatched: channels.length - matched };
  logger.info(result, 'guide auto-match finished');
  return result;
}

const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).join(' ');

function push<T>(m: Map<string, T[]>, key: string, value: T) {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

function best(list: (Candidate & { priority: number })[], ownUpstream: string): Candidate {
  const top = list[0].priority;
  return list.find((c) => c.priority === top && c.upstreamId === ownUpstream) ?? list[0];
}
