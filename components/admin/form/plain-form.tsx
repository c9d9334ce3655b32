import type { ReactNode } from 'react';

/** A form the browser does not validate: submitting it (button or Enter) calls `onSubmit` instead of navigating. */
export function PlainForm({ testId, onSubmit, children }: { testId: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      noValidate
      className="grid gap-4"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
