import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { guideBytes } from './guide-bytes';
import { parseXmltvTime, XmltvParser, XmltvSyntaxError, type GuideEvent } from './xmltv-parser';

const GUIDE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tv SYSTEM "xmltv.dtd">
<!-- a comment with <programme> inside -->
<tv generator-info-name="test">
  <channel id="news.de"><display-name lang="de">Nachrichten &amp; Wetter</display-name><display-name>Second</display-name><icon src="http://img/n.png?a=1&amp;b=2"/></channel>
  <channel id='kids.fr'><display-name><![CDATA[Enfants <3 & co]]></display-name></channel>
  <programme start="20241201060000 +0100" stop="20241201070000 +0100" channel="news.de">
    <title lang="de">Frühstück &#x26; Café &#233;</title>
    <desc lang="de">Erste Zeile
zweite &lt;Zeile&gt; <![CDATA[mit <b>CDATA</b> &amp; so]]> Ende</desc>
    <category>News</category>
  </programme>
  <programme start="20241201070000 +0100" channel="news.de"><title>Ohne Ende</title></programme>
  <programme start="20241201053000" stop="20241201063000 -0230" channel="kids.fr"><title>Dessins "animés"</title><desc/></programme>
  <programme start="20241201080000 +0000" stop="20241201090000 +0000" channel="kids.fr"/>
</tv>
`;

function parseWhole(text: string | Uint8Array): GuideEvent[] {
  const parser = new XmltvParser();
  return [...parser.push(text), ...parser.finish()];
}

function parseInPieces(bytes: Uint8Array, seed: number): GuideEvent[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parser = new XmltvParser();
  const events: GuideEvent[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * 17);
    events.push(...parser.push(bytes.subarray(at, at + size)));
    at += size;
  }
  events.push(...parser.finish());
  return events;
}

describe('XMLTV streaming parser', () => {
  test('reads channels and programmes with entities, CDATA, offsets and missing stops', () => {
    const events = parseWhole(GUIDE);
    expect(events).toEqual([
      { kind: 'channel', id: 'news.de', displayName: 'Nachrichten & Wetter', icon: 'http://img/n.png?a=1&b=2' },
      { kind: 'channel', id: 'kids.fr', displayName: 'Enfants <3 & co', icon: null },
      {
        kind: 'programme',
        channel: 'news.de',
        start: Date.UTC(2024, 11, 1, 5, 0, 0),
        stop: Date.UTC(2024, 11, 1, 6, 0, 0),
        title: 'Frühstück & Café é',
        description: 'Erste Zeile\nzweite <Zeile> mit <b>CDATA</b> &amp; so Ende',
        lang: 'de',
      },
      { kind: 'programme', channel: 'news.de', start: Date.UTC(2024, 11, 1, 6, 0, 0), stop: null, title: 'Ohne Ende', description: null, lang: null },
      { kind: 'programme', channel: 'kids.fr', start: Date.UTC(2024, 11, 1, 5, 30, 0), stop: Date.UTC(2024, 11, 1, 9, 0, 0), title: 'Dessins "animés"', description: null, lang: null },
      { kind: 'programme', channel: 'kids.fr', start: Date.UTC(2024, 11, 1, 8, 0, 0), stop: Date.UTC(2024, 11, 1, 9, 0, 0), title: '', description: null, lang: null },
    ]);
  });

  test('pieces of random size, cut inside tags, entities, CDATA and UTF-8 characters, give the same result', () => {
    const bytes = Buffer.from(GUIDE, 'utf8');
    const whole = parseWhole(bytes);
    for (let seed = 1; seed <= 200; seed += 1) expect(parseInPieces(bytes, seed)).toEqual(whole);
    // one byte at a time
    const parser = new XmltvParser();
    const events: GuideEvent[] = [];
    for (let i = 0; i < bytes.length; i += 1) events.push(...parser.push(bytes.subarray(i, i + 1)));
    expect([...events, ...parser.finish()]).toEqual(whole);
  });

  test('a Latin-1 guide is decoded as its declaration says', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><tv><programme start="20240101000000" stop="20240101010000" channel="c"><title>Caf\u00e9</title></programme></tv>';
    const [p] = parseWhole(Buffer.from(text, 'latin1'));
    expect(p).toMatchObject({ title: 'Café' });
  });

  test('what real providers get wrong (a bare &, an HTML entity, a stray tag) is skipped, not fatal', () => {
    const text = `<?xml version="1.0"?><tv><channel id="a"><display-name>Tom & Jerry&nbsp;TV</display-name></channel>
      <programme start="20240101000000" stop="20240101010000" channel="a"><title>News & Sport <br> live</title></programme>
      <programme start="20240101010000" stop="20240101020000" channel="a"><title>Next</title></programme></tv>`;
    const events = parseWhole(text);
    expect(events.map((e) => e.kind)).toEqual(['channel', 'programme', 'programme']);
    expect(events[1]).toMatchObject({ title: expect.stringContaining('News') });
    expect(events[2]).toMatchObject({ title: 'Next' });
  });

  test('an HTML page or a JSON error is not a guide', () => {
    expect(() => parseWhole('<html><body>Something went wrong</body></html>')).toThrow(XmltvSyntaxError);
    expect(() => parseWhole('{"error":"no"}')).toThrow(XmltvSyntaxError);
  });

  test('times: offsets to UTC, no offset is UTC, short forms, garbage is null', () => {
    expect(parseXmltvTime('20241201060000 +0100')).toBe(Date.UTC(2024, 11, 1, 5));
    expect(parseXmltvTime('20241201060000 -0530')).toBe(Date.UTC(2024, 11, 1, 11, 30));
    expect(parseXmltvTime('20241201060000+01:00')).toBe(Date.UTC(2024, 11, 1, 5));
    expect(parseXmltvTime('20241201060000')).toBe(Date.UTC(2024, 11, 1, 6));
    expect(parseXmltvTime('202412010600')).toBe(Date.UTC(2024, 11, 1, 6));
    expect(parseXmltvTime('tomorrow')).toBeNull();
  });

  test('gzip bytes are recognised by their magic number and inflated on the fly', async () => {
    const zipped = gzipSync(Buffer.from(GUIDE));
    async function* pieces() {
      for (let i = 0; i < zipped.length; i += 7) yield zipped.subarray(i, i + 7);
    }
    const parser = new XmltvParser();
    const events: GuideEvent[] = [];
    for await (const chunk of guideBytes(pieces())) events.push(...parser.push(chunk));
    expect([...events, ...parser.finish()]).toEqual(parseWhole(GUIDE));
  });
});
