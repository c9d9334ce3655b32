import { catchupFromUtc, parseCatchupMinutes, parseCatchupStart } from '@/lib/routing/catchup';
import { serveStream } from '@/lib/xtream/serve-stream';
import { sendText } from './context';
import { streamRoute } from './stream-route';

// Stream URLs (XTREAM.md §1, §5): the credentials are in the path (or the query for timeshift.php).

/** /live/{u}/{p}/{id}.{ts|m3u8}; `?utc={start}&lutc={now}` is TiviMate's catch-up: the archive from `utc` on. */
export const liveStream = streamRoute('stream:live', async (req, res, param) => {
  const utc = param('utc');
  const catchup = utc ? catchupFromUtc(utc, param('lutc') || undefined) : undefined;
  if (catchup === null) return sendText(res, 400, 'Bad catch-up start');
  await serveStream(req, res, 'live', param('u'), param('p'), param('stream'), catchup);
});

/** /movie/{u}/{p}/{id}.{ext} */
export const movieStream = streamRoute('stream:movie', (req, res, param) => serveStream(req, res, 'movie', param('u'), param('p'), param('stream')));

/** /series/{u}/{p}/{episodeId}.{ext} */
export const seriesStream = streamRoute('stream:series', (req, res, param) => serveStream(req, res, 'series', param('u'), param('p'), param('stream')));

/** The bare form /{u}/{p}/{id}: the id is looked up among live channels, movies and episodes. */
export const bareStream = streamRoute('stream:bare', (req, res, param) => serveStream(req, res, 'bare', param('u'), param('p'), param('stream')));

/** /timeshift/{u}/{p}/{minutes}/{YYYY-MM-DD:HH-MM}/{id}.{ts|m3u8}: a channel's archive (start in UTC). */
export const timeshiftPathStream = streamRoute('stream:timeshift', async (req, res, param) => {
  const start = parseCatchupStart(param('start'));
  const durationMinutes = parseCatchupMinutes(param('minutes'));
  if (start === null || durationMinutes === null) return sendText(res, 400, 'Bad catch-up start or duration');
  await serveStream(req, res, 'live', param('u'), param('p'), param('stream'), { start, durationMinutes });
});

/** /streaming/timeshift.php?username&password&stream&start&duration[&extension]: the query form. */
export const timeshiftQueryStream = streamRoute('stream:timeshift', async (req, res, param) => {
  const start = parseCatchupStart(param('start'));
  const durationMinutes = parseCatchupMinutes(param('duration'));
  const stream = param('stream');
  const extension = param('extension') || 'ts';
  if (start === null || durationMinutes === null || !/^\d{1,15}$/.test(stream) || !/^[A-Za-z0-9]{1,5}$/.test(extension)) {
    return sendText(res, 400, 'Bad catch-up request');
  }
  await serveStream(req, res, 'live', param('username'), param('password'), `${stream}.${extension}`, { start, durationMinutes });
});
