import { Badge } from '@/components/ui/badge';
import type { Role } from '@/lib/users/schemas';

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return (
    <Badge variant={role === 'admin' ? 'soft' : 'outline'} className={className}>
      {role === 'admin' ? 'Admin' : 'Viewer'}
    </Badge>
  );
}
