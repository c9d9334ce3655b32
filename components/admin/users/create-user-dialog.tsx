'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { PlusIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { createUserSchema } from '@/lib/users/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { ActiveFieldItem, RoleFieldItem } from './user-fields';

type FormInput = z.input<typeof createUserSchema>;
type FormOutput = z.output<typeof createUserSchema>;

const emptyUser: FormInput = { username: '', password: '', role: 'viewer', isActive: true };
const fieldNames = ['username', 'password', 'role', 'isActive'] as const;

export function CreateUserDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: emptyUser,
  });

  async function onSubmit(values: FormOutput) {
    try {
      await callApi('/api/users', { method: 'POST', body: values });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const name of fieldNames) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
      }
      toast.error(describeApiError(err));
      return;
    }
    toast.success(`User ${values.username} created`);
    setOpen(false);
    form.reset(emptyUser);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(emptyUser);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" data-testid="add-user">
          <PlusIcon /> Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>A panel login for someone who manages or watches over NeroPanel.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate>
            <FormField
              control={form.control}
              name="username"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Username</FormLabel>
                  <FormControl>
                    <Input autoComplete="off" autoCapitalize="none" spellCheck={false} {...field} />
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
                  <FormLabel>Password</FormLabel>
                  <FormControl>
                    <Input type="password" autoComplete="new-password" {...field} />
                  </FormControl>
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
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                {form.formState.isSubmitting ? 'Creating…' : 'Create user'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
