import { parseArgs } from 'node:util';
import { startFakeUpstream } from './server';

// `npm run demo:upstream -- --vod 100000`: a fake provider to add in the panel by hand.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    live: { type: 'string', default: '200' },
    vod: { type: 'string', default: '500' },
    series: { type: 'string', default: '50' },
  },
});

function count(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, got "${text}"`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const fake = await startFakeUpstream({
    port: count('port', values.port),
    live: count('live', values.live),
    vod: count('vod', values.vod),
    series: count('series', values.series),
  });

  console.log(`Fake Xtream provider listening on ${fake.url}`);
  console.log(`  live ${fake.catalog.live.length}, movies ${fake.catalog.vod.length}, series ${fake.catalog.series.length}`);
  console.log('Add it in the panel with:');
  console.log(`  Server URL: ${fake.url}`);
  console.log(`  Username:   ${fake.username}`);
  console.log(`  Password:   ${fake.password}`);
  console.log('Press Ctrl-C to stop.');

  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
