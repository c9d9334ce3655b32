import { describe, expect, test } from 'vitest';
import { nameScore, normalizeChannelName } from './channel-name';

describe('normalizeChannelName', () => {
  test.each([
    ['BBC One HD', 'bbc one'],
    ['UK: BBC One FHD', 'bbc one'],
    ['uk | bbc one', 'bbc one'],
    ['[UK] BBC ONE', 'bbc one'],
    ['BBC.One', 'bbc one'],
    ['TF1 (FR)', 'tf1'],
    ['Télé-Québec HD', 'tele quebec'],
    ['L\'Équipe 4K', 'l equipe'],
    ['Sky Sports F1 UHD HEVC', 'sky sports f1'],
    ['Canal+ Sport', 'canal plus sport'],
    ['Film4 +1', 'film4 +1'],
    ['HD', 'hd'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeChannelName(input)).toBe(expected);
  });

  test('different channels stay different', () => {
    expect(normalizeChannelName('BBC One')).not.toBe(normalizeChannelName('BBC Two'));
    expect(normalizeChannelName('Film4')).not.toBe(normalizeChannelName('Film4 +1'));
  });
});

describe('nameScore', () => {
  test('equal names score 1, near names high, unrelated names low', () => {
    expect(nameScore('bbc one', 'bbc one')).toBe(1);
    expect(nameScore('discovery channel', 'discovery chanel')).toBeGreaterThan(0.9);
    expect(nameScore('bbc one', 'cnn')).toBeLessThan(0.3);
  });
});
