/** One thing worth telling an operator about. `key` decides the cool-down: the same key is sent once per cool-down. */
export interface PanelEvent {
  key: string;
  type: 'upstream_expiring' | 'upstream_failing' | 'guide_stale' | 'account_limit' | 'test';
  severity: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  details: Record<string, unknown>;
  at: string;
}

export function panelEvent(e: Omit<PanelEvent, 'at'>): PanelEvent {
  return { ...e, at: new Date().toISOString() };
}
