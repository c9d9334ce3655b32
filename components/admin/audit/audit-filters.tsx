import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '../settings/native-select';

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and reloaded. */
export function AuditFilters({ actors, entities, actor, entity }: { actors: string[]; entities: string[]; actor?: string; entity?: string }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-2" data-testid="audit-filters">
      <div className="grid gap-1.5">
        <Label htmlFor="audit-actor">Who</Label>
        <NativeSelect id="audit-actor" name="actor" defaultValue={actor ?? ''} className="w-48">
          <option value="">Anyone</option>
          {actors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-entity">What</Label>
        <NativeSelect id="audit-entity" name="entity" defaultValue={entity ?? ''} className="w-48">
          <option value="">Everything</option>
          {entities.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline" data-testid="audit-apply">
        Filter
      </Button>
    </form>
  );
}
