import type { Queryable } from '@/db/client';

/**
 * Tables, columns, types, defaults, constraints, indexes and sequences of the public schema, sorted.
 * NOT NULL is compared through the columns: PostgreSQL 18 (PGlite) also lists it in pg_constraint.
 */
export async function schemaSnapshot(db: Queryable) {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, is_identity
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  const constraints = await db.query(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype <> 'n' ORDER BY 1, 2`,
  );
  const indexes = await db.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`);
  const sequences = await db.query(
    `SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`,
  );
  return { columns, constraints, indexes, sequences };
}
