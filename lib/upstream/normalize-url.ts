import { InvalidServerUrlError } from './errors';

const API_SCRIPT = /\/(?:player_api|get|panel_api|xmltv)\.php$/i;

/**
 * Turns what an admin pastes (`host:8080`, `http://h/sub/player_api.php?username=..`) into the base
 * URL the Xtream paths hang off. Sub-paths are kept: some providers serve the API below one.
 */
export function normalizeServerUrl(input: string): string {
  let text = input.trim();
  if (text === '') throw new InvalidServerUrlError('The server URL is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!scheme) {
    if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) {
      throw new InvalidServerUrlError('The server URL must start with http:// or https://');
    }
    text = `http://${text}`;
  } else if (!/^https?$/i.test(scheme[1])) {
    throw new InvalidServerUrlError(`Unsupported scheme "${scheme[1]}": the server URL must use http or https`);
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidServerUrlError('The server URL is not a valid URL');
  }
  if (url.hostname === '') throw new InvalidServerUrlError('The server URL has no host name');

  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(API_SCRIPT, '').replace(/\/+$/, '');
  // Credentials in the authority are dropped: the client sends its own in the query.
  return `${url.protocol}//${url.host}${path}`;
}
