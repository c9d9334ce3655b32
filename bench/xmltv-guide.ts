import fs from 'node:fs';

/** How a generated guide looks: its channel count, the first programme's start and the padding of descriptions. */
export interface GuideShape {
  targetBytes: number;
  channels: number;
  /** Start of the first half-hour slot (ms since the epoch). */
  fromMs: number;
  /** Descriptions end in `n % descPad` x's, so programmes differ in length. */
  descPad: number;
}

/**
 * Writes a generated XMLTV guide of about `targetBytes` to `file` in 64 KB pieces: `channels` channels,
 * then half-hour programmes round-robin across them from `fromMs` on.
 */
export function writeBenchGuide(file: string, shape: GuideShape): { bytes: number; programmes: number } {
  const { targetBytes, channels, fromMs, descPad } = shape;
  const fd = fs.openSync(file, 'w');
  let produced = 0;
  let programmes = 0;
  let piece = '<?xml version="1.0" encoding="UTF-8"?>\n<tv generator-info-name="bench">\n';
  for (let c = 0; c < channels; c += 1) piece += `<channel id="c${c}.bench"><display-name>Channel ${c} HD</display-name><icon src="http://logo.example/${c}.png"/></channel>\n`;
  const t = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace(/[-T:]/g, '')} +0000`;
  for (let n = 0; produced < targetBytes; n += 1) {
    const start = fromMs + Math.floor(n / channels) * 1_800_000;
    piece += `<programme start="${t(start)}" stop="${t(start + 1_800_000)}" channel="c${n % channels}.bench"><title lang="en">Show ${n} &amp; friends</title><desc lang="en">Episode ${n}: a description long enough to look like a real one, with ünïcödé and &lt;text&gt; ${'x'.repeat(n % descPad)}</desc><category>Series</category></programme>\n`;
    programmes += 1;
    if (piece.length >= 65536) {
      const bytes = Buffer.from(piece);
      fs.writeSync(fd, bytes);
      produced += bytes.length;
      piece = '';
    }
  }
  fs.writeSync(fd, Buffer.from(`${piece}</tv>\n`));
  fs.closeSync(fd);
  return { bytes: fs.statSync(file).size, programmes };
}
