import type { ReactNode } from 'react';

/** A dashboard section under its own heading (`<id>-heading`, styled by `headingClassName`). */
export function DashboardSection({ id, title, headingClassName, children }: { id: string; title: string; headingClassName: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-6">
      <h2 id={`${id}-heading`} className={headingClassName}>
        {title}
      </h2>
      {children}
    </section>
  );
}
