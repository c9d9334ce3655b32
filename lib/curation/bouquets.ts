import * as q from '@/db/queries/bouquets';
import { findCategoryRefs, findItemRefs } from '@/db/queries/overrides';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { AppError, conflict, notFound } from '@/lib/errors';
import { lineCatalog, lineCatalogCounts } from './line-catalog';
import type { BouquetInput, BouquetView, CuratedType, ItemCounts, UpdateBouquetInput } from './schemas';

const KIND = { live: 'live', movie: 'vod', series: 'series' } as const;
const TYPE = { live: 'live', vod: 'movie', series: 'series' } as const;

async function toView(row: q.BouquetRow): Promise<BouquetView> {
  return {
    id: row.id,
    name: row.name,
    categories: row.categories.map((c) => ({ type: TYPE[c.type], categoryId: c.categoryId })),
    addItems: row.add_items,
    removeItems: row.remove_items,
    itemCounts: await itemCounts([row.id]),
    lineCount: row.line_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What an account with these bouquets sees, counted per type. */
export async function itemCounts(bouquetIds: string[]): Promise<ItemCounts> {
  const c = await lineCatalogCounts(bouquetIds);
  return { live: c.live, movie: c.vod, series: c.series };
}

/** `POST /api/bouquets/preview`: counts and the first names per type for an account with these bouquets (in order). */
export async function previewBouquets(bouquetIds: string[]) {
  await checkBouquetIds(bouquetIds);
  const first = async (type: CuratedType) =>
    (await lineCatalog(bouquetIds, KIND[type])).items.slice(0, 20).map(({ item, num }) => ({ publicId: item.public_id, name: item.name, num, categoryId: item.category }));
  return { itemCounts: await itemCounts(bouquetIds), items: { live: await first('live'), movie: await first('movie'), series: await first('series') } };
}

export async function checkBouquetIds(ids: string[]): Promise<void> {
  const known = new Set(await q.existingBouquetIds(ids));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw new AppError('validation_failed', 'bouquetIds: unknown bouquet', { bouquetIds: `unknown bouquet ${missing}` });
}

export async function listBouquets({ page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {}) {
  const { rows, total } = await q.listBouquetRows(pageSize, (page - 1) * pageSize);
  const items: BouquetView[] = [];
  for (const row of rows) items.push(await toView(row));
  return { items, total, page, pageSize };
}

export async function getBouquet(id: string): Promise<BouquetView> {
  const row = await q.findBouquetRow(id);
  if (!row) throw notFound('bouquet');
  return toView(row);
}

/** Categories must exist and be of the type named; added and removed items must exist. */
async function check(input: UpdateBouquetInput, id: string | null) {
  if (input.name !== undefined) {
    const same = await q.findBouquetByName(input.name);
    if (same && same.id !== id) throw conflict('a bouquet of that name exists', { name: 'already taken' });
  }
  if (input.categories) {
    const ids = input.categories.map((c) => c.categoryId);
    if (new Set(ids).size !== ids.length) throw new AppError('validation_failed', 'categories: a category is listed twice', { categories: 'lists a category twice' });
    const refs = new Map((await findCategoryRefs(ids)).map((r) => [r.id, r.category_type]));
    input.categories.forEach((c, i) => {
      const kind = refs.get(c.categoryId);
      if (!kind) throw new AppError('validation_failed', `categories.${i}.categoryId: no such category`, { [`categories.${i}.categoryId`]: 'no such category' });
      if (kind !== KIND[c.type]) throw new AppError('validation_failed', `categories.${i}.type: the category is of another type`, { [`categories.${i}.type`]: `the category is a ${TYPE[kind]} category` });
    });
  }
  for (const field of ['addItems', 'removeItems'] as const) {
    const ids = input[field];
    if (!ids?.length) continue;
    const known = new Set((await findItemRefs(ids)).map((r) => Number(r.public_id)));
    const missing = ids.find((id) => !known.has(id));
    if (missing !== undefined) throw new AppError('validation_failed', `${field}: no item ${missing}`, { [field]: `no item ${missing}` });
  }
}

const fieldsOf = (input: UpdateBouquetInput): q.BouquetFields => ({
  name: input.name,
  addItems: input.addItems && [...new Set(input.addItems)],
  removeItems: input.removeItems && [...new Set(input.removeItems)],
  categoryIds: input.categories?.map((c) => c.categoryId),
});

export async function createBouquet(input: BouquetInput): Promise<BouquetView> {
  await check(input, null);
  const id = await q.saveBouquet(null, fieldsOf(input)).catch(rethrowDuplicate);
  await bumpCatalogVersion();
  return getBouquet(id!);
}

export async function updateBouquet(id: string, input: UpdateBouquetInput): Promise<BouquetView> {
  if (!(await q.findBouquetRow(id))) throw notFound('bouquet');
  await check(input, id);
  const saved = await q.saveBouquet(id, fieldsOf(input)).catch(rethrowDuplicate);
  if (!saved) throw notFound('bouquet');
  await bumpCatalogVersion();
  return getBouquet(id);
}

/** A bouquet some account uses cannot go (409): take it off those accounts first. */
export async function deleteBouquet(id: string): Promise<void> {
  if (!(await q.findBouquetRow(id))) throw notFound('bouquet');
  const lines = await q.countBouquetLines(id);
  if (lines > 0) throw conflict(`the bouquet is used by ${lines} player account${lines === 1 ? '' : 's'}`);
  await q.deleteBouquetRow(id).catch((err: unknown) => {
    if ((err as { code?: string }).code === '23503') throw conflict('the bouquet is used by a player account');
    throw err;
  });
  await bumpCatalogVersion();
}

function rethrowDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw conflict('a bouquet of that name exists', { name: 'already taken' });
  throw err;
}

/** Every bouquet's id and name, by name (pickers: lines, the content browser's bulk bar); no counting. */
export async function listBouquetChoices(): Promise<{ id: string; name: string }[]> {
  return (await q.allBouquetRows()).map((r) => ({ id: r.id, name: r.name }));
}
