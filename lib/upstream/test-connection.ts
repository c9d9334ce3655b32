import { UpstreamClient } from './client';
import { InvalidServerUrlError, isUpstreamError, redactCredentials } from './errors';

export interface TestConnectionInput {
  serverUrl: string;
  username: string;
  password: string;
  timeoutSeconds?: number;
  userAgent?: string;
}

export interface TestConnectionResult {
  success: boolean;
  message: string;
  /** An UpstreamErrorCode, `invalid_url`, or `account_inactive` (login worked, status is not Active). */
  code: string | null;
  serverInfo: { url: string | null; port: string | null; httpsPort: string | null; protocol: string | null; timezone: string | null } | null;
  userInfo: {
    status: string;
    expiresAt: string | null;
    maxConnections: number | null;
    activeConnections: number | null;
    isTrial: boolean;
  } | null;
}

function failure(code: string, message: string): TestConnectionResult {
  return { success: false, message, code, serverInfo: null, userInfo: null };
}

/** Logs in once and reports what an admin needs to know; never throws for an upstream fault. */
export async function testUpstreamConnection(input: TestConnectionInput): Promise<TestConnectionResult> {
  let client: UpstreamClient;
  try {
    client = new UpstreamClient(input);
  } catch (error) {
    if (error instanceof InvalidServerUrlError) return failure('invalid_url', error.message);
    return failure('invalid_url', 'The server URL, username and password are required');
  }

  try {
    const account = await client.login();
    const { userInfo, serverInfo } = account;
    const expiresAt = userInfo.expDate ? userInfo.expDate.toISOString() : null;
    const expiry = expiresAt ? `expires ${expiresAt.slice(0, 10)}` : 'never expires';
    const connections = userInfo.maxConnections === null || userInfo.maxConnections === 0
      ? 'unlimited connections'
      : `${userInfo.maxConnections} connection${userInfo.maxConnections === 1 ? '' : 's'}`;
    const active = userInfo.status.toLowerCase() === 'active';
    return {
      success: active,
      code: active ? null : 'account_inactive',
      message: active
        ? `Connected: account ${userInfo.status}, ${expiry}, ${connections}`
        : `Logged in, but the provider reports the account as ${userInfo.status} (${expiry}) — streams and lists will be refused`,
      serverInfo: {
        url: serverInfo.url,
        port: serverInfo.port,
        httpsPort: serverInfo.httpsPort,
        protocol: serverInfo.protocol,
        timezone: serverInfo.timezone,
      },
      userInfo: {
        status: userInfo.status,
        expiresAt,
        maxConnections: userInfo.maxConnections,
        activeConnections: userInfo.activeConnections,
        isTrial: userInfo.isTrial,
      },
    };
  } catch (error) {
    if (isUpstreamError(error)) return failure(error.code, error.message);
    const text = error instanceof Error ? error.message : String(error);
    return failure('network', redactCredentials(`Unexpected error while testing the connection: ${text}`, [input.password]));
  }
}
