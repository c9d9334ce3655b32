'use client';

import { useEffect, useState } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';

/**
 * A thin bar at the top while a click on an internal link waits for the next page (server pages
 * can take a moment); it goes when the URL changes.
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams();
  const [loading, setLoading] = useState(false);
  const [prev, setPrev] = useState(`${pathname}?${search}`);
  const here = `${pathname}?${search}`;
  if (here !== prev) {
    setPrev(here);
    setLoading(false);
  }

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a');
      if (!a || a.target || a.hasAttribute('download')) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin || (url.pathname === location.pathname && url.search === location.search)) return;
      setLoading(true);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  if (!loading) return null;
  return (
    <div role="progressbar" aria-label="Loading the page" aria-busy="true" className="fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden bg-primary/20" data-testid="nav-progress">
      <div className="h-full w-1/3 animate-[nav-progress_1s_ease-in-out_infinite] bg-primary" />
    </div>
  );
}
