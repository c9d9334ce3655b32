'use client';

import { Play, Square } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { previewKindOf, previewUrl } from './preview-source';

type Status = { kind: 'idle' } | { kind: 'starting' } | { kind: 'playing' } | { kind: 'error'; message: string };

interface Destroyable {
  destroy(): void;
}

/**
 * Plays a live channel or a movie in the page through the admin preview route. Nothing is opened
 * until the admin presses Play (a preview takes an upstream slot like a player); closing the details
 * or pressing Stop ends it.
 */
export function PreviewPlayer({ item }: { item: { publicId: number; type: 'live' | 'movie' | 'series'; containerExtension: string | null } }) {
  const kind = previewKindOf(item);
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<Destroyable | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const stop = () => {
    player.current?.destroy();
    player.current = null;
    const v = video.current;
    if (v) {
      v.pause();
      v.removeAttribute('src');
      v.load();
    }
  };
  useEffect(() => stop, []);

  if (kind === 'none') {
    return (
      <p className="text-sm text-muted-foreground" data-testid="preview-unavailable">
        {item.type === 'series' ? 'Open an episode to preview it.' : `A ${item.containerExtension ?? ''} file does not play in a browser.`}
      </p>
    );
  }

  async function start() {
    const v = video.current;
    if (!v) return;
    stop();
    setStatus({ kind: 'starting' });
    try {
      if (kind === 'mpegts') {
        const mpegts = (await import('mpegts.js')).default;
        if (!mpegts.getFeatureList().mseLivePlayback) throw new Error('This browser has no Media Source Extensions.');
        const p = mpegts.createPlayer({ type: 'mpegts', isLive: item.type === 'live', url: previewUrl(item.publicId) }, { enableWorker: false, liveBufferLatencyChasing: true });
        player.current = p;
        p.on(mpegts.Events.ERROR, (type: string, detail: string) => setStatus({ kind: 'error', message: `${type}: ${detail}` }));
        p.attachMediaElement(v);
        p.load();
      } else {
        v.src = previewUrl(item.publicId);
      }
      v.muted = true; // browsers only autoplay muted; the controls unmute
      await v.play();
      setStatus({ kind: 'playing' });
    } catch (err) {
      setStatus({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  const running = status.kind === 'starting' || status.kind === 'playing';
  return (
    <div className="grid gap-2" data-testid="preview" data-status={status.kind}>
      <video ref={video} controls playsInline className="aspect-video w-full rounded-md bg-black" data-testid="preview-video" />
      <div className="flex items-center gap-2">
        {running ? (
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => {
              stop();
              setStatus({ kind: 'idle' });
            }}
            data-testid="preview-stop"
          >
            <Square className="size-4" /> Stop
          </Button>
        ) : (
          <Button type="button" size="sm" onClick={() => void start()} data-testid="preview-start">
            <Play className="size-4" /> Play preview
          </Button>
        )}
        <span className="text-xs text-muted-foreground">Uses an upstream connection while it plays.</span>
      </div>
      {status.kind === 'error' && (
        <p role="alert" className="text-sm text-destructive" data-testid="preview-error">
          {status.message}
        </p>
      )}
    </div>
  );
}
