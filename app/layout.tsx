import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { NONCE_HEADER } from '@/lib/http/security-headers';
import { Providers } from './providers';
import './globals.css';

// The logo mark inlined, so the browser's icon request never needs a file or the network.
const icon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%234f46e5'/%3E%3Cg transform='translate(4 4)' stroke='white' stroke-width='2.2' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='M3 7h4M3 17h4' fill='none'/%3E%3Cpath d='M10 5.5v13l9-6.5z' fill='white'/%3E%3C/g%3E%3C/svg%3E";

export const metadata: Metadata = {
  title: { default: 'NeroPanel', template: '%s · NeroPanel' },
  description: 'Self-hosted Xtream proxy panel',
  robots: { index: false, follow: false },
  icons: { icon },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0e121b' },
  ],
};

// Every page renders per request: its scripts carry that response's CSP nonce (lib/http/security-headers.ts).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // next-themes sets the class on <html> before hydration.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh font-sans">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
