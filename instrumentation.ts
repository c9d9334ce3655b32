// Start-up work runs inside the server process, so `npm start`, `npm run dev` and `node server.js`
// in the image all do it: configuration, secrets, schema, bootstrap admin.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startPanel } = await import('./lib/startup');
  await startPanel();
}
