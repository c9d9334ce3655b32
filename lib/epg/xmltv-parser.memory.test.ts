import { Readable } from 'node:stream';
import { expect, test } from 'vitest';
import { guideBytes } from './guide-bytes';
import { XmltvParser } from './xmltv-parser';

const TARGET_BYTES = 50 * 1024 * 1024;

/** A big provider's guide, generated on the fly in 64 KB pieces: 1,000 channels, a week of programmes. */
function* bigGuide(): Generator<Buffer> {
  let produced = 0;
  let piece = '<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n';
  for (let c = 0; c < 1000; c += 1) piece += `<channel id="c${c}.big"><display-name>Channel ${c}</display-name></channel>\n`;
  for (let n = 0; produced < TARGET_BYTES; n += 1) {
    const start = Date.UTC(2025, 0, 1) + Math.floor(n / 1000) * 1_800_000;
    const t = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '')} +0100`;
    piece += `<programme start="${t(start)}" stop="${t(start + 1_800_000)}" channel="c${n % 1000}.big"><title lang="en">Show ${n} &amp; more</title><desc lang="en"><![CDATA[Episode ${n}: a description long enough to look like a real one, with ünïcödé]]> and &lt;text&gt; ${'x'.repeat(n % 200)}</desc></programme>\n`;
    if (piece.length >= 65536) {
      const bytes = Buffer.from(piece);
      produced += bytes.length;
      yield bytes;
      piece = '';
    }
  }
  yield Buffer.from(`${piece}</tv>\n`);
}

test('parsing a 50 MB guide from a stream keeps the heap flat', async () => {
  const parser = new XmltvParser();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let programmes = 0;
  let bytes = 0;
  const started = performance.now();
  for await (const chunk of guideBytes(Readable.from(bigGuide()))) {
    bytes += chunk.length;
    for (const e of parser.push(chunk)) if (e.kind === 'programme') programmes += 1;
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  }
  parser.finish();
  const seconds = (performance.now() - started) / 1000;
  console.log(`xmltv parse: ${(bytes / 1048576).toFixed(1)} MB, ${programmes} programmes in ${seconds.toFixed(2)} s, peak heap growth ${(peak / 1048576).toFixed(1)} MB`);
  expect(bytes).toBeGreaterThan(TARGET_BYTES);
  expect(programmes).toBeGreaterThan(100_000);
  expect(peak).toBeLessThan(60 * 1024 * 1024);
}, 120_000);
