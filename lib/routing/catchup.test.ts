import { describe, expect, test } from 'vitest';
import { MAX_CATCHUP_MINUTES, catchupFromUtc, parseCatchupMinutes, parseCatchupStart, providerStart } from './catchup';

const utc = (iso: string) => Date.parse(iso) / 1000;

describe('catch-up requests', () => {
  test('reads the start forms players and panels write, as UTC', () => {
    const at = utc('2024-12-01T06:30:00Z');
    for (const text of ['2024-12-01:06-30', '2024-12-01_06-30', '2024-12-01:06:30:00', '2024-12-01 06:30:00', '2024-12-01%2006%3A30%3A00', '20241201-0630', String(at)]) {
      expect(parseCatchupStart(text), text).toBe(at);
    }
    expect(parseCatchupStart('20241201-06')).toBe(utc('2024-12-01T06:00:00Z'));
  });

  test('refuses what is not a date', () => {
    for (const text of ['', 'yesterday', '2024-13-01:06-30', '2024-02-31:06-30', '2024-12-01:24-00', '2024-12-01:06-60', '12', '2024-12-01']) {
      expect(parseCatchupStart(text), text).toBeNull();
    }
  });

  test('durations are whole minutes from 1 to a day', () => {
    expect(parseCatchupMinutes('60')).toBe(60);
    expect(parseCatchupMinutes(String(MAX_CATCHUP_MINUTES))).toBe(MAX_CATCHUP_MINUTES);
    for (const bad of [undefined, '', '0', '-5', '1.5', 'abc', String(MAX_CATCHUP_MINUTES + 1)]) expect(parseCatchupMinutes(bad), String(bad)).toBeNull();
  });

  test("TiviMate's utc/lutc: from the start to lutc, rounded up; a default length without lutc; capped", () => {
    const start = utc('2024-12-01T06:30:00Z');
    expect(catchupFromUtc(String(start), String(start + 3601))).toEqual({ start, durationMinutes: 61 });
    expect(catchupFromUtc(String(start), undefined)).toEqual({ start, durationMinutes: 120 });
    expect(catchupFromUtc(String(start), String(start - 10))).toEqual({ start, durationMinutes: 120 });
    expect(catchupFromUtc(String(start), String(start + 3 * 86400))?.durationMinutes).toBe(MAX_CATCHUP_MINUTES);
    expect(catchupFromUtc('soon', undefined)).toBeNull();
  });

  test("writes the start in the provider's zone, DST included; UTC for none or an unknown zone", () => {
    const winter = utc('2024-12-01T06:30:00Z');
    const summer = utc('2024-07-01T06:30:00Z');
    expect(providerStart(winter, 'Europe/Berlin')).toBe('2024-12-01:07-30');
    expect(providerStart(summer, 'Europe/Berlin')).toBe('2024-07-01:08-30');
    expect(providerStart(winter, 'America/New_York')).toBe('2024-12-01:01-30');
    expect(providerStart(utc('2024-12-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2024-12-02:08-30');
    expect(providerStart(winter, null)).toBe('2024-12-01:06-30');
    expect(providerStart(winter, 'Mars/Olympus')).toBe('2024-12-01:06-30');
  });
});
