import type { z } from 'zod';
import { AppError } from './index';

/** Parses input with a zod schema; failures become 400 with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'unknown field';
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
  }
  return raise(fields);
}

function raise(fields: Record<string, string>): never {
  const first = Object.entries(fields)[0];
  throw new AppError('validation_failed', first ? `${first[0]}: ${first[1]}` : 'invalid input', fields);
}
