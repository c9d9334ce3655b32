import type { Metadata } from 'next';
import { LibraryBigIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'Content browser' };

export default function ContentBrowserPage() {
  return (
    <>
      <PageHeader title="Content browser" description="The unified catalog players see, across every source." />
      <EmptyState icon={LibraryBigIcon} title="Nothing to browse yet">
        Search and filter every live channel, movie and series by source, upstream and category, and check the public id
        players use for each. Coming with the content browser.
      </EmptyState>
    </>
  );
}
