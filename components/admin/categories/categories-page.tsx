'use client';

import { useState } from 'react';
import { CategoriesView } from './categories-view';
import { RenameRules } from './rename-rules';

/** /categories: the categories per type, then the rename rules (a rule change re-reads the categories). */
export function CategoriesPage({ canManage, upstreams }: { canManage: boolean; upstreams: { id: string; name: string }[] }) {
  const [version, setVersion] = useState(0);
  return (
    <div className="grid min-w-0 gap-8">
      <CategoriesView key={version} canManage={canManage} upstreams={upstreams} />
      <RenameRules canManage={canManage} upstreams={upstreams} onChanged={() => setVersion((v) => v + 1)} />
    </div>
  );
}
