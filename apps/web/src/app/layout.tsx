import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SignedInAs } from '../features/auth/components/signed-in-as';
import { GraphqlProvider } from '../shared/graphql/client-provider';
import { AppNav } from '../shared/ui/app-nav';
import './globals.css';

export const metadata: Metadata = {
  title: 'driftboard',
  description: 'Fine-tuning runs: target accuracy against similarity to the source model.',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the API URL is the running server's (DRIFTBOARD_API_URL), not the build's.
  await connection();
  const apiUrl = process.env.DRIFTBOARD_API_URL || null;
  return (
    <html lang="en">
      <body>
        <GraphqlProvider apiUrl={apiUrl}>
          <AppNav account={<SignedInAs />} />
          <main className="main">{children}</main>
        </GraphqlProvider>
      </body>
    </html>
  );
}
