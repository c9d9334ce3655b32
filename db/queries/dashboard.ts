import { query } from '../client';

export interface GuideSummaryRow {
  upstream_server_id: string;
  programmes: number;
  until: Date | null;
}

/** Each provider guide's programme count and where it ends (a guide that ends soon is stale). */
export async function guideSummaries(): Promise<GuideSummaryRow[]> {
  return query<GuideSummaryRow>(
    `SELECT upstream_server_id, count(*)::int AS programmes, max(stop_at) AS until
       FROM epg_programmes WHERE upstream_server_id IS NOT NULL GROUP BY 1`,
  );
}

/** Whether any player account has been answered successfully yet (the last getting-started step). */
export async function anyPlayerServed(): Promise<boolean> {
  const [row] = await query<{ served: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM api_requests WHERE line_id IS NOT NULL AND status < 400) AS served`,
  );
  return row.served;
}
