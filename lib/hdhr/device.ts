import { deviceAuthOf, deviceIdOf } from './device-id';

// What a real HDHomeRun answers (shapes and types from SiliconDust's devices; fixtures in
// tests/fixtures/hdhr/). The panel presents itself as an HDHomeRun EXTEND (HDTC-2US), the model every
// emulator picks: Plex, Jellyfin, Emby and Channels DVR accept it and stream its lineup URLs over HTTP.

export const HDHR_MODEL = 'HDTC-2US';
export const HDHR_FIRMWARE_NAME = 'hdhomeruntc_atsc';
export const HDHR_FIRMWARE_VERSION = '20200101';
/** Accounts without a connection limit (0) advertise this many tuners unless the setting says otherwise. */
export const DEFAULT_TUNERS = 4;

export interface HdhrAccount {
  id: string;
  username: string;
  maxConnections: number;
}

export interface DiscoverJson {
  FriendlyName: string;
  ModelNumber: string;
  FirmwareName: string;
  FirmwareVersion: string;
  DeviceID: string;
  DeviceAuth: string;
  BaseURL: string;
  LineupURL: string;
  TunerCount: number;
}

/** The setting when set, else the account's connection limit (unlimited: DEFAULT_TUNERS). */
export function tunerCountOf(account: HdhrAccount, setting: number | null): number {
  if (setting !== null) return setting;
  return account.maxConnections > 0 ? account.maxConnections : DEFAULT_TUNERS;
}

/** `baseUrl` is the device's own root: `{panel}/hdhr/{u}/{p}`. */
export function discoverJson(account: HdhrAccount, baseUrl: string, tunerSetting: number | null): DiscoverJson {
  return {
    FriendlyName: `NeroPanel ${account.username}`,
    ModelNumber: HDHR_MODEL,
    FirmwareName: HDHR_FIRMWARE_NAME,
    FirmwareVersion: HDHR_FIRMWARE_VERSION,
    DeviceID: deviceIdOf(account.id),
    DeviceAuth: deviceAuthOf(account.id),
    BaseURL: baseUrl,
    LineupURL: `${baseUrl}/lineup.json`,
    TunerCount: tunerCountOf(account, tunerSetting),
  };
}

/** Never scanning: the lineup is the account's channel list, ready at once. */
export function lineupStatusJson() {
  return { ScanInProgress: 0, ScanPossible: 1, Source: 'Cable', SourceList: ['Cable'] };
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The UPnP root description a real device serves at /device.xml (Plex reads it after SSDP). */
export function deviceXml(account: HdhrAccount, baseUrl: string): string {
  const d = discoverJson(account, baseUrl, null);
  const id = d.DeviceID.toLowerCase();
  const udn = `uuid:${id}-${id.slice(0, 4)}-${id.slice(4)}-0000-${id}0000`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<root xmlns="urn:schemas-upnp-org:device-1-0">',
    '<specVersion><major>1</major><minor>0</minor></specVersion>',
    `<URLBase>${xmlEscape(baseUrl)}</URLBase>`,
    '<device>',
    '<deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType>',
    `<friendlyName>${xmlEscape(d.FriendlyName)}</friendlyName>`,
    '<manufacturer>Silicondust</manufacturer>',
    '<modelName>HDHomeRun EXTEND</modelName>',
    `<modelNumber>${HDHR_MODEL}</modelNumber>`,
    '<serialNumber></serialNumber>',
    `<UDN>${udn}</UDN>`,
    '</device>',
    '</root>',
    '',
  ].join('\n');
}
