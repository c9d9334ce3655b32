import { providerArtwork, type ArtworkRewrite } from '@/lib/artwork/player-artwork';
import { guidesOf } from '@/lib/epg/channel-guide';
import { accountLiveChannels } from '@/lib/curation/line-catalog';

// About 200 programmes a channel over the window: a page is a few thousand rows.
const CHANNELS_PER_PAGE = 25;

export const xmlEscape = (v: string) =>
  v.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const pad = (n: number) => String(n).padStart(2, '0');
export function xmltvTime(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())} +0000`;
}

/**
 * The XMLTV guide (XTREAM.md §4): channel ids equal `epg_channel_id` and `tvg-id`; times in UTC.
 * Only the account's channels (its bouquets, nothing hidden), named as its lists name them; a guide id
 * several channels share is one XMLTV channel, named after the first in list order. Programmes are
 * read a few channels at a time (each from the highest-priority upstream with a guide for it) and
 * yielded page by page, so a large guide is never one string. Channel icons go through `img` (the
 * provider's URL, or the panel's /img link with proxyArtworkInLists).
 */
export async function* xmltvGuide(line: { bouquetIds: readonly string[] }, img: ArtworkRewrite = providerArtwork): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n<tv generator-info-name="NeroPanel">\n';
  const channels: { epg_channel_id: string; name: string; icon: string | null; publicId: number }[] = [];
  const seen = new Set<string>();
  for (const { item } of await accountLiveChannels(line)) {
    const id = item.epg_channel_id?.trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    channels.push({ epg_channel_id: id, name: item.name, icon: img(item.icon, item), publicId: item.public_id });
  }
  let chunk = '';
  for (const c of channels) {
    const icon = c.icon ? `<icon src="${xmlEscape(c.icon)}"/>` : '';
    chunk += `  <channel id="${xmlEscape(c.epg_channel_id)}"><display-name>${xmlEscape(c.name)}</display-name>${icon}</channel>\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
  for (let i = 0; i < channels.length; i += CHANNELS_PER_PAGE) {
    const page = channels.slice(i, i + CHANNELS_PER_PAGE);
    const guides = await guidesOf(page.map((c) => ({ publicId: c.publicId, name: c.name })), { upcomingOnly: false, limit: null });
    let out = '';
    for (const c of page) {
      const channel = xmlEscape(c.epg_channel_id);
      for (const p of guides.get(c.publicId) ?? []) {
        const lang = p.lang ? ` lang="${xmlEscape(p.lang)}"` : '';
        const desc = p.description ? `<desc${lang}>${xmlEscape(p.description)}</desc>` : '';
        out += `  <programme start="${xmltvTime(p.start)}" stop="${xmltvTime(p.stop)}" channel="${channel}"><title${lang}>${xmlEscape(p.title)}</title>${desc}</programme>\n`;
      }
    }
    if (out) yield out;
  }
  yield '</tv>\n';
}
