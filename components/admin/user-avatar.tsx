import { cn } from '@/lib/utils';

export function UserAvatar({ username, className }: { username: string; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary uppercase dark:text-indigo-200',
        className,
      )}
    >
      {username.slice(0, 2)}
    </span>
  );
}
