// Numeric aliases some clients send (XTREAM.md §1), and the old typo of get_simple_data_table.
export const ACTION_ALIASES: Readonly<Record<string, string>> = {
  '200': 'get_vod_categories',
  '201': 'get_live_categories',
  '202': 'get_live_streams',
  '203': 'get_vod_streams',
  '204': 'get_series_info',
  '205': 'get_short_epg',
  '206': 'get_series_categories',
  '207': 'get_simple_data_table',
  '208': 'get_series',
  '209': 'get_vod_info',
  get_simple_date_table: 'get_simple_data_table',
};

export const KNOWN_ACTIONS = new Set([
  'get_live_categories', 'get_vod_categories', 'get_series_categories', 'get_live_streams', 'get_vod_streams', 'get_series',
  'get_vod_info', 'get_series_info', 'get_short_epg', 'get_simple_data_table',
]);

/** The canonical action, or '' for the login payload (empty or unknown actions answer with it). */
export function normalizeAction(raw: string | undefined): string {
  const action = (raw ?? '').trim().toLowerCase();
  const canonical = ACTION_ALIASES[action] ?? action;
  return KNOWN_ACTIONS.has(canonical) ? canonical : '';
}
