import { cn } from '@/lib/utils';

/**
 * The user's initials in a circle. Drawn by CSS from `data-initials`, so they are no text node: a
 * button holding the avatar is named by its label alone (label-in-name stays true at every width).
 */
export function UserAvatar({ username, className }: { username: string; className?: string }) {
  return (
    <span
      aria-hidden
      data-initials={username.slice(0, 2)}
      className={cn(
        'inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary uppercase before:content-[attr(data-initials)] dark:text-indigo-200',
        className,
      )}
    />
  );
}
