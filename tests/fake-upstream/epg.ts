import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import type { Catalog, FakeLive } from './catalog';
import { writeFlushed } from './respond';

// Six half-hour programmes per channel from an hour before the fake started: some past, one
// current, some upcoming, whatever the time of day.
const programmesPerChannel = 6;
const programmeSeconds = 1800;

export interface FakeProgramme {
  index: number;
  start: number;
  stop: number;
  title: string;
  description: string;
}

export function programmesOf(channel: FakeLive, epochStart: number, count = programmesPerChannel, seconds = programmeSeconds): FakeProgramme[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    start: epochStart + index * seconds,
    stop: epochStart + (index + 1) * seconds,
    title: `${channel.name} show ${index + 1}`,
    description: `Programme ${index + 1} on ${channel.name} — ünïcödé & <tags>`,
  }));
}

function sqlDate(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function epgListings(catalog: Catalog, streamId: number, epochStart: number, limit: number | null): unknown[] {
  const channel = catalog.live.find((c) => c.id === streamId);
  if (!channel || channel.epgChannelId === null) return [];
  const now = Date.now() / 1000;
  const all = programmesOf(channel, epochStart);
  const chosen = limit === null ? all : all.filter((p) => p.stop > now).slice(0, limit);
  return chosen.map((p) => ({
    id: String(channel.id * 100 + p.index),
    epg_id: '1',
    title: b64(p.title),
    lang: 'en',
    start: sqlDate(p.start),
    end: sqlDate(p.stop),
    description: b64(p.description),
    channel_id: channel.epgChannelId,
    start_timestamp: String(p.start),
    stop_timestamp: String(p.stop),
    stream_id: String(channel.id),
    ...(limit === null ? { now_playing: p.start <= now && now < p.stop ? 1 : 0, has_archive: 0 } : {}),
  }));
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmltvDate(epoch: number, offsetMinutes = 0): string {
  const local = new Date((epoch + offsetMinutes * 60) * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const abs = Math.abs(offsetMinutes);
  return `${local} ${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

export interface XmltvOptions {
  /** Local times with this offset (minutes east of UTC). */
  offsetMinutes?: number;
  /** A gzip file whatever the client accepts, without Content-Encoding. */
  gzipFile?: boolean;
  /** A bigger guide than six half-hours for every channel (benches): see FakeGuideSize. */
  size?: FakeGuideSize;
  /** Above 0, every title says so ("... (edition 2)"): a provider's guide that changed. */
  edition?: number;
  /** Headers sent with the 200 (ETag, Last-Modified). */
  headers?: Record<string, string>;
}

/** The XMLTV guide's size: its first `channels` channels with a guide, `hours` of programmes of `programmeMinutes` each. */
export interface FakeGuideSize {
  channels: number;
  hours: number;
  programmeMinutes: number;
}

function* xmltvChunks(catalog: Catalog, epochStart: number, offsetMinutes = 0, size?: FakeGuideSize, edition = 0): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n<tv generator-info-name="fake-upstream">\n';
  const all = catalog.live.filter((c): c is FakeLive & { epgChannelId: string } => c.epgChannelId !== null);
  const channels = size ? all.slice(0, size.channels) : all;
  const count = size ? Math.floor((size.hours * 60) / size.programmeMinutes) : programmesPerChannel;
  const seconds = size ? size.programmeMinutes * 60 : programmeSeconds;
  for (const channel of channels) {
    yield `  <channel id="${xml(channel.epgChannelId)}"><display-name>${xml(channel.name)}</display-name>${
      channel.icon ? `<icon src="${xml(channel.icon)}"/>` : ''
    }</channel>\n`;
  }
  let batch = '';
  for (const channel of channels) {
    for (const p of programmesOf(channel, epochStart, count, seconds)) {
      batch += `  <programme start="${xmltvDate(p.start, offsetMinutes)}" stop="${xmltvDate(p.stop, offsetMinutes)}" channel="${xml(channel.epgChannelId)}"><title lang="en">${xml(edition > 0 ? `${p.title} (edition ${edition})` : p.title)}</title><desc lang="en">${xml(p.description)}</desc></programme>\n`;
    }
    if (batch.length > 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</tv>\n`;
}

export async function sendXmltv(res: ServerResponse, catalog: Catalog, epochStart: number, gzip: boolean, options: XmltvOptions = {}): Promise<void> {
  const offset = options.offsetMinutes ?? 0;
  if (options.gzipFile) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...options.headers });
    const file = createGzip();
    file.pipe(res);
    for (const chunk of xmltvChunks(catalog, epochStart, offset, options.size, options.edition)) await writeFlushed(file, chunk);
    file.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}), ...options.headers });
  if (!gzip) {
    for (const chunk of xmltvChunks(catalog, epochStart, offset, options.size, options.edition)) await writeFlushed(res, chunk);
    res.end();
    return;
  }
  const zip = createGzip();
  zip.pipe(res);
  for (const chunk of xmltvChunks(catalog, epochStart, offset, options.size, options.edition)) await writeFlushed(zip, chunk);
  zip.end();
}
