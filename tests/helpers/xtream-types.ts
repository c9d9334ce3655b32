import { expect } from 'vitest';

// Type checks of XTREAM.md §3, one function per row shape. Each assertion names the field.
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const digits = (v: unknown) => typeof v === 'string' && /^\d+$/.test(v);
const epochString = (v: unknown) => typeof v === 'string' && /^\d+$/.test(v);

function check(row: Record<string, unknown>, rules: Record<string, (v: unknown) => boolean>, what: string) {
  for (const [field, ok] of Object.entries(rules)) {
    expect(ok(row[field]), `${what}.${field} = ${JSON.stringify(row[field])}`).toBe(true);
  }
}

export function expectCategory(row: Record<string, unknown>) {
  check(row, { category_id: digits, category_name: (v) => typeof v === 'string' && v.length > 0, parent_id: isInt }, 'category');
}

const common = {
  num: isInt,
  name: (v: unknown) => typeof v === 'string',
  category_id: digits,
  category_ids: (v: unknown) => Array.isArray(v) && v.length > 0 && v.every(isInt),
};

export function expectLiveRow(row: Record<string, unknown>) {
  check(row, {
    ...common,
    stream_type: (v) => v === 'live',
    stream_id: isInt,
    stream_icon: (v) => typeof v === 'string',
    epg_channel_id: (v) => v === null || typeof v === 'string',
    added: epochString,
    custom_sid: (v) => v === '',
    tv_archive: (v) => v === 0 || v === 1,
    direct_source: (v) => v === '',
    tv_archive_duration: isInt,
    thumbnail: (v) => v === '',
  }, 'live');
}

export function expectVodRow(row: Record<string, unknown>) {
  check(row, {
    ...common,
    title: (v) => typeof v === 'string',
    year: (v) => typeof v === 'string',
    stream_type: (v) => v === 'movie',
    stream_id: isInt,
    stream_icon: (v) => typeof v === 'string',
    rating: (v) => typeof v === 'string',
    rating_5based: (v) => typeof v === 'number',
    added: epochString,
    container_extension: (v) => typeof v === 'string' && v.length > 0,
    custom_sid: (v) => v === '',
    direct_source: (v) => v === '',
  }, 'vod');
}

export function expectSeriesRow(row: Record<string, unknown>) {
  check(row, {
    ...common,
    title: (v) => typeof v === 'string',
    year: (v) => typeof v === 'string',
    stream_type: (v) => v === 'series',
    series_id: isInt,
    cover: (v) => typeof v === 'string',
    plot: (v) => typeof v === 'string',
    cast: (v) => typeof v === 'string',
    director: (v) => typeof v === 'string',
    genre: (v) => typeof v === 'string',
    releaseDate: (v) => typeof v === 'string',
    release_date: (v) => typeof v === 'string',
    last_modified: epochString,
    rating: (v) => typeof v === 'string',
    rating_5based: (v) => typeof v === 'number',
    backdrop_path: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    youtube_trailer: (v) => typeof v === 'string',
    episode_run_time: (v) => typeof v === 'string',
  }, 'series');
}

export function expectEpisode(row: Record<string, unknown>) {
  check(row, {
    id: digits,
    episode_num: isInt,
    season: isInt,
    title: (v) => typeof v === 'string',
    container_extension: (v) => typeof v === 'string' && v.length > 0,
    info: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    subtitles: (v) => Array.isArray(v),
    custom_sid: (v) => v === '',
    added: epochString,
    direct_source: (v) => v === '',
  }, 'episode');
}

export function expectLoginPayload(body: Record<string, any>, status = 'Active') {
  const u = body.user_info;
  check(u, {
    username: (v) => typeof v === 'string',
    password: (v) => typeof v === 'string',
    message: (v) => typeof v === 'string',
    auth: (v) => v === 1,
    status: (v) => v === status,
    exp_date: (v) => v === null || epochString(v),
    is_trial: (v) => v === '0' || v === '1',
    active_cons: digits,
    created_at: epochString,
    max_connections: digits,
    allowed_output_formats: (v) => Array.isArray(v) && v.length > 0,
  }, 'user_info');
  check(body.server_info, {
    url: (v) => typeof v === 'string' && !/^https?:/.test(v as string) && !String(v).includes(':'),
    port: digits,
    https_port: (v) => v === '' || digits(v),
    server_protocol: (v) => v === 'http' || v === 'https',
    rtmp_port: (v) => typeof v === 'string',
    timezone: (v) => v === 'UTC',
    timestamp_now: isInt,
    time_now: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v as string),
    process: (v) => v === true,
  }, 'server_info');
}
