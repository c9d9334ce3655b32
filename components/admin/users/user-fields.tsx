'use client';

import { FormControl, FormDescription, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import type { Role } from '@/lib/users/schemas';

// Field bodies shared by the create and edit dialogs; each sits inside a <FormField render>.

export function RoleFieldItem({ value, onChange }: { value: Role | undefined; onChange: (role: Role) => void }) {
  return (
    <FormItem>
      <FormLabel>Role</FormLabel>
      <Select value={value} onValueChange={(next) => onChange(next === 'admin' ? 'admin' : 'viewer')}>
        <FormControl>
          <SelectTrigger data-testid="user-role">
            <SelectValue placeholder="Choose a role" />
          </SelectTrigger>
        </FormControl>
        <SelectContent>
          <SelectItem value="viewer">Viewer: can look at everything</SelectItem>
          <SelectItem value="admin">Admin: can also change things</SelectItem>
        </SelectContent>
      </Select>
      <FormMessage />
    </FormItem>
  );
}

export function ActiveFieldItem({ value, onChange }: { value: boolean | undefined; onChange: (active: boolean) => void }) {
  return (
    <FormItem className="flex flex-row items-center justify-between gap-4 rounded-md border px-3 py-2.5">
      <div className="grid gap-1">
        <FormLabel>Active</FormLabel>
        <FormDescription>Disabled users cannot sign in.</FormDescription>
      </div>
      <FormControl>
        <Switch checked={value ?? true} onCheckedChange={onChange} data-testid="user-active" />
      </FormControl>
      <FormMessage />
    </FormItem>
  );
}
