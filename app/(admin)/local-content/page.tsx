import type { Metadata } from 'next';
import { FolderOpenIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'Local content' };

export default function LocalContentPage() {
  return (
    <>
      <PageHeader title="Local content" description="Movies and series you host yourself, served beside the upstream catalog." />
      <EmptyState icon={FolderOpenIcon} title="No local content yet">
        Add your own movies and series with their stream URLs, posters and episodes; players see them in the same catalog
        as upstream content. Coming with the local content module.
      </EmptyState>
    </>
  );
}
