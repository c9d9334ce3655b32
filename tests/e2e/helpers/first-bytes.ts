import http from 'node:http';

/** First bytes of a response without decoding, then the socket is closed. */
export function firstBytes(url: string, headers: Record<string, string> = {}, want = 188 * 20) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let n = 0;
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        n += c.length;
        if (n >= want) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
  });
}
