import { expect, test } from 'vitest';
import { AmpersandEscaper } from './xml-ampersands';

const INPUT = `<tv a="x?a=1&b=2"><t>Tom & Jerry &amp; co &#233; &#x26; &nbsp;end &</t><![CDATA[raw & <kept> &amp;]]><!-- a & b --><d>&unknown; & &lt;</d></tv>`;
const EXPECTED = `<tv a="x?a=1&amp;b=2"><t>Tom &amp; Jerry &amp; co &#233; &#x26; &#160;end &amp;</t><![CDATA[raw & <kept> &amp;]]><!-- a & b --><d>&unknown; &amp; &lt;</d></tv>`;

test('bare ampersands are escaped outside CDATA and comments; references and &nbsp; are kept readable', () => {
  expect(new AmpersandEscaper().escape(INPUT, true)).toBe(EXPECTED);
});

test('the same result however the text is cut into chunks', () => {
  for (let seed = 1; seed <= 300; seed++) {
    let state = seed;
    const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const escaper = new AmpersandEscaper();
    let out = '';
    for (let at = 0; at < INPUT.length; ) {
      const size = 1 + Math.floor(random() * 12);
      out += escaper.escape(INPUT.slice(at, at + size));
      at += size;
    }
    out += escaper.escape('', true);
    expect(out, `seed ${seed}`).toBe(EXPECTED);
  }
});
