'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

const LINKS = [
  {
    href: '/runs',
    label: 'Runs',
    match: (p: string) => p === '/runs' || (p.startsWith('/runs/') && p !== '/runs/new'),
  },
  { href: '/compare', label: 'Compare', match: (p: string) => p.startsWith('/compare') },
  { href: '/datasets', label: 'Datasets', match: (p: string) => p.startsWith('/datasets') },
  { href: '/runs/new', label: 'New run', match: (p: string) => p === '/runs/new' },
  { href: '/sweeps/new', label: 'New sweep', match: (p: string) => p === '/sweeps/new' },
];

/** The top bar; `account` (who is signed in) sits at its right end. */
export function AppNav({ account }: { account?: ReactNode }) {
  const pathname = usePathname() ?? '';
  return (
    <header className="topbar">
      <Link href="/runs" className="brand">
        <span className="brand-mark" aria-hidden>
          ◆
        </span>
        driftboard
      </Link>
      <nav className="topnav">
        {LINKS.map((link) => (
          <Link key={link.href} href={link.href} className={link.match(pathname) ? 'active' : undefined}>
            {link.label}
          </Link>
        ))}
      </nav>
      {account}
    </header>
  );
}
