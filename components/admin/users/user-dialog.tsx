'use client';

import { createUserSchema, updateUserSchema, type PanelUser, type Role } from '@/lib/users/schemas';
import { ApiForm, EntityDialog, FormFooter, type DialogTargetProps } from '../form/entity-dialog';
import { PasswordField, SelectField, SwitchField, TextField } from '../form/fields';
import { bodyResolver, fieldNamesOf, useApiForm } from '../form/use-api-form';

interface UserFormValues {
  username: string;
  password: string;
  role: Role;
  isActive: boolean;
}

const ROLES = ['viewer', 'admin'] as const;
const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer: can look at everything', admin: 'Admin: can also change things' };

const NEW_USER: UserFormValues = { username: '', password: '', role: 'viewer', isActive: true };
const FIELDS = fieldNamesOf(NEW_USER);

/** The PATCH body: only what changed; an empty password keeps the current one. */
function changesOf(user: PanelUser, v: UserFormValues) {
  return {
    ...(v.username !== user.username ? { username: v.username } : {}),
    ...(v.password ? { password: v.password } : {}),
    ...(v.role !== user.role ? { role: v.role } : {}),
    ...(v.isActive !== user.isActive ? { isActive: v.isActive } : {}),
  };
}

/** Add a panel user, or edit one. */
export function UserDialog(props: DialogTargetProps<PanelUser>) {
  return (
    <EntityDialog
      {...props}
      title={(user) => (user ? 'Edit user' : 'Add user')}
      description={(user) => (user ? 'Leave the password empty to keep the current one.' : 'A panel login for someone who manages or watches over NeroPanel.')}
    >
      {(user, close) => <UserForm key={user?.id ?? 'new'} user={user} onDone={close} />}
    </EntityDialog>
  );
}

function UserForm({ user, onDone }: { user: PanelUser | null; onDone: () => void }) {
  const { form, submit, busy } = useApiForm<UserFormValues, UserFormValues>({
    resolver: user ? bodyResolver(updateUserSchema, (v: UserFormValues) => changesOf(user, v), FIELDS) : bodyResolver(createUserSchema, (v) => v, FIELDS),
    defaultValues: user ? { username: user.username, password: '', role: user.role, isActive: user.isActive } : NEW_USER,
    fields: FIELDS,
    request: (v) => {
      if (!user) return { method: 'POST', path: '/api/users', body: v };
      const body = changesOf(user, v);
      return Object.keys(body).length === 0 ? null : { method: 'PATCH', path: `/api/users/${encodeURIComponent(user.id)}`, body };
    },
    success: (v) => `User ${v.username} ${user ? 'updated' : 'created'}`,
    onDone,
  });
  const { control } = form;
  return (
    <ApiForm form={form} submit={submit} className="gap-4">
      <TextField control={control} name="username" label="Username" />
      <PasswordField
        control={control}
        name="password"
        label={user ? 'New password' : 'Password'}
        placeholder={user ? 'Unchanged' : undefined}
        description={user ? 'At least 10 characters.' : undefined}
      />
      <SelectField control={control} name="role" label="Role" options={ROLES} labels={ROLE_LABEL} testId="user-role" placeholder="Choose a role" />
      <SwitchField control={control} name="isActive" label="Active" description="Disabled users cannot sign in." testId="user-active" />
      <FormFooter busy={busy} onCancel={onDone} submitLabel={user ? 'Save changes' : 'Create user'} busyLabel={user ? 'Saving…' : 'Creating…'} />
    </ApiForm>
  );
}
