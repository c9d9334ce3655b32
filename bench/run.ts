import { benchCommand, writeSection, type Section } from './report';
import { benchSync } from './sync';
import { benchXtream } from './xtream';
import { benchRelay } from './relay';
import { benchEpgParser } from './epg-parser';
import { benchEpgIngest } from './epg-ingest';
import { benchRelayMemory } from './relay-memory';
import { benchTsIndex } from './ts-index';
import { benchScale } from './scale';

// Suites run in this order; later suites (Xtream lists vs nginx, relay) register here.
const suites: Record<string, (command: string) => Promise<Section>> = {
  sync: (command) => benchSync({ command }),
  xtream: (command) => benchXtream({ command }),
  relay: (command) => benchRelay({ command }),
  'epg-parser': (command) => benchEpgParser({ command }),
  epg: (command) => benchEpgIngest({ command }),
  'relay-memory': (command) => benchRelayMemory({ command }),
  'ts-index': (command) => benchTsIndex({ command }),
  scale: (command) => benchScale({ command }),
};

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = args.filter((a) => !(a in suites));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')} (known: ${Object.keys(suites).join(', ')})`);
    process.exit(2);
  }
  const chosen = args.length ? args : Object.keys(suites);
  const command = benchCommand(args);
  for (const name of chosen) {
    console.log(`\n== bench: ${name}`);
    const section = await suites[name](command);
    // BENCH_WRITE=0: a partial or exploratory run prints its section instead of replacing the recorded one.
    if (process.env.BENCH_WRITE === '0') {
      console.log(section.markdown);
      continue;
    }
    writeSection(section);
    console.log(`== bench: ${name} written to docs/benchmarks.md`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
