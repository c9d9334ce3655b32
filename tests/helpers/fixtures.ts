import { query } from '@/db/client';

/** Rows of a table as plain text, for "is this secret anywhere?" checks. */
export async function tableText(table: string): Promise<string> {
  return JSON.stringify(await query(`SELECT * FROM ${table}`));
}
