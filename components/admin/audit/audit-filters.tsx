import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '../settings/native-select';

/** One labelled select of the filter form: "any" (empty) first, then each value. */
function FilterSelect({ name, label, anyLabel, values, value }: { name: string; label: string; anyLabel: string; values: string[]; value?: string }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={`audit-${name}`}>{label}</Label>
      <NativeSelect id={`audit-${name}`} name={name} defaultValue={value ?? ''} className="w-48">
        <option value="">{anyLabel}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function AuditFilters({ actors, entities, actor, entity }: { actors: string[]; entities: string[]; actor?: string; entity?: string }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-2" data-testid="audit-filters">
      <FilterSelect name="actor" label="Who" anyLabel="Anyone" values={actors} value={actor} />
      <FilterSelect name="entity" label="What" anyLabel="Everything" values={entities} value={entity} />
      <Button type="submit" variant="outline" data-testid="audit-apply">
        Filter
      </Button>
    </form>
  );
}
