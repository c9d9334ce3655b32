import { expect, test } from 'vitest';
import { deviceAuthOf, deviceIdOf, isValidDeviceId } from './device-id';
import { deviceXml, discoverJson, tunerCountOf } from './device';
import { lineupOf } from './lineup';

test('DeviceIDs pass SiliconDust’s checksum, are stable per account and differ between accounts', () => {
  // A real HDFX-4K's id (tests/fixtures/hdhr/README.md) passes; one digit off fails.
  expect(isValidDeviceId('10AA5474')).toBe(true);
  expect(isValidDeviceId('10AA5475')).toBe(false);
  expect(isValidDeviceId('10aa5474')).toBe(false); // devices print upper case
  const ids = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const id = deviceIdOf(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(id).toMatch(/^[0-9A-F]{8}$/);
    expect(isValidDeviceId(id)).toBe(true);
    // Any change of the last digit breaks the checksum.
    const last = Number.parseInt(id[7], 16);
    expect(isValidDeviceId(id.slice(0, 7) + ((last + 1) % 16).toString(16).toUpperCase())).toBe(false);
    ids.add(id);
  }
  expect(ids.size).toBe(500);
  expect(deviceIdOf('a')).toBe(deviceIdOf('a'));
  expect(deviceAuthOf('a')).toHaveLength(24);
  expect(deviceAuthOf('a')).not.toBe(deviceAuthOf('b'));
});

test('TunerCount: the setting, else the account’s limit, else 4', () => {
  const account = { id: 'x', username: 'u', maxConnections: 2 };
  expect(tunerCountOf(account, null)).toBe(2);
  expect(tunerCountOf(account, 8)).toBe(8);
  expect(tunerCountOf({ ...account, maxConnections: 0 }, null)).toBe(4);
  expect(discoverJson(account, 'http://p/hdhr/u/pw', null)).toMatchObject({ TunerCount: 2, LineupURL: 'http://p/hdhr/u/pw/lineup.json' });
});

test('device.xml escapes what it embeds and carries a UUID-shaped UDN', () => {
  const xml = deviceXml({ id: 'x', username: 'a<b&c', maxConnections: 1 }, 'http://p/hdhr/a/b');
  expect(xml).toContain('<friendlyName>NeroPanel a&#60;b&#38;c</friendlyName>');
  expect(xml).toMatch(/<UDN>uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/UDN>/);
});

test('lineup entries: guide number = channel number, HD flag from the name, URL from the caller', () => {
  const item = (public_id: number, name: string) => ({ item: { public_id, name }, num: public_id + 100 }) as unknown as Parameters<typeof lineupOf>[0][number];
  const entries = lineupOf([item(1, 'BBC One HD'), item(2, 'News 24'), item(3, 'Sport FHD'), item(4, 'HDTV Shop')], (id) => `http://p/live/u/p/${id}.ts`);
  expect(entries).toEqual([
    { GuideNumber: '101', GuideName: 'BBC One HD', HD: 1, URL: 'http://p/live/u/p/1.ts' },
    { GuideNumber: '102', GuideName: 'News 24', URL: 'http://p/live/u/p/2.ts' },
    { GuideNumber: '103', GuideName: 'Sport FHD', HD: 1, URL: 'http://p/live/u/p/3.ts' },
    { GuideNumber: '104', GuideName: 'HDTV Shop', URL: 'http://p/live/u/p/4.ts' },
  ]);
});
