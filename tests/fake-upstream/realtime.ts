import type { ServerResponse } from 'node:http';
import { clipPass, indexClip, type LoopableClip } from '@/lib/relay/ts-retime';
import { startLiveTs, writeFlushed } from './respond';
import { liveFixture } from './streams';

let clip: LoopableClip | undefined;

/**
 * Endless live TS of the real sample played at its own pace (one loop ahead), timestamps and
 * continuity counters carried on across loops as a broadcast's are, until the client leaves.
 */
export async function sendLiveRealtime(res: ServerResponse, onClose: () => void): Promise<void> {
  clip ??= indexClip(liveFixture());
  const isOpen = startLiveTs(res, onClose);
  const started = performance.now();
  const passMs = (clip.loopTicks / 90_000) * 1000;
  const counters = new Map<number, number>();
  for (let pass = 0; isOpen(); pass++) {
    const wait = started + Math.max(0, pass - 1) * passMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!isOpen()) break;
    try {
      await writeFlushed(res, clipPass(clip, pass, counters));
    } catch {
      break;
    }
  }
}
