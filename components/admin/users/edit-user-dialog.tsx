'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { updateUserSchema, type PanelUser } from '@/lib/users/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { ActiveFieldItem, RoleFieldItem } from './user-fields';

type FormInput = z.input<typeof updateUserSchema>;
type FormOutput = z.output<typeof updateUserSchema>;

const fieldNames = ['username', 'password', 'role', 'isActive'] as const;

interface EditUserDialogProps {
  user: PanelUser | null;
  onOpenChange: (open: boolean) => void;
}

export function EditUserDialog({ user, onOpenChange }: EditUserDialogProps) {
  return (
    <Dialog open={user !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit user</DialogTitle>
          <DialogDescription>Leave the password empty to keep the current one.</DialogDescription>
        </DialogHeader>
        {/* Keyed so each user opens with a fresh form. */}
        {user && <EditUserForm key={user.id} user={user} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function EditUserForm({ user, onDone }: { user: PanelUser; onDone: () => void }) {
  const router = useRouter();
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(updateUserSchema),
    defaultValues: { username: user.username, password: undefined, role: user.role, isActive: user.isActive },
  });

  async function onSubmit(values: FormOutput) {
    // Send only what changed; an empty password field was turned into undefined and is omitted.
    const dirty = form.formState.dirtyFields;
    const body: FormOutput = {};
    if (dirty.username && values.username !== user.username) body.username = values.username;
    if (values.password) body.password = values.password;
    if (dirty.role && values.role !== user.role) body.role = values.role;
    if (dirty.isActive && values.isActive !== user.isActive) body.isActive = values.isActive;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    try {
      await callApi(`/api/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const name of fieldNames) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
      }
      toast.error(describeApiError(err));
      return;
    }
    toast.success(`User ${values.username ?? user.username} updated`);
    onDone();
    router.refresh();
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate>
        <FormField
          control={form.control}
          name="username"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Username</FormLabel>
              <FormControl>
                <Input autoComplete="off" autoCapitalize="none" spellCheck={false} {...field} value={field.value ?? ''} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>New password</FormLabel>
              <FormControl>
                <Input
                  type="password"
                  autoComplete="new-password"
                  placeholder="Unchanged"
                  name={field.name}
                  ref={field.ref}
                  onBlur={field.onBlur}
                  value={field.value ?? ''}
                  onChange={(event) => field.onChange(event.target.value === '' ? undefined : event.target.value)}
                />
              </FormControl>
              <FormDescription>At least 10 characters.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="role"
          render={({ field }) => <RoleFieldItem value={field.value} onChange={field.onChange} />}
        />
        <FormField
          control={form.control}
          name="isActive"
          render={({ field }) => <ActiveFieldItem value={field.value} onChange={field.onChange} />}
        />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Saving…' : 'Save changes'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}
