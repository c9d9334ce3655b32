import { guideChannels, guideProgrammesPage } from '@/db/queries/playlist';

const PAGE = 5000;

export const xmlEscape = (v: string) =>
  v.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const pad = (n: number) => String(n).padStart(2, '0');
export function xmltvTime(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())} +0000`;
}

/** The XMLTV guide (XTREAM.md §4): channel ids equal `epg_channel_id` and `tvg-id`; times in UTC. */
export async function* xmltvGuide(): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n<tv generator-info-name="NeroPanel">\n';
  let chunk = '';
  for (const c of await guideChannels()) {
    const icon = c.icon ? `<icon src="${xmlEscape(c.icon)}"/>` : '';
    chunk += `  <channel id="${xmlEscape(c.epg_channel_id)}"><display-name>${xmlEscape(c.name)}</display-name>${icon}</channel>\n`;
  }
  yield chunk;
  for (let after = 0; ; ) {
    const rows = await guideProgrammesPage(after, PAGE);
    if (rows.length === 0) break;
    yield rows
      .map((p) => {
        const lang = p.lang ? ` lang="${xmlEscape(p.lang)}"` : '';
        const desc = p.description ? `<desc${lang}>${xmlEscape(p.description)}</desc>` : '';
        return `  <programme start="${xmltvTime(p.start_at)}" stop="${xmltvTime(p.stop_at)}" channel="${xmlEscape(p.channel_id)}"><title${lang}>${xmlEscape(p.title)}</title>${desc}</programme>\n`;
      })
      .join('');
    after = rows[rows.length - 1].id;
  }
  yield '</tv>\n';
}
