import { bouquetsSection } from './bouquets';
import { catalogIdsSection } from './catalog-ids';
import { guidesSection } from './guides';
import { linesSection } from './lines';
import { localContentSection } from './local-content';
import { overridesSection } from './overrides';
import { rulesSection } from './rules';
import { settingsSection } from './settings';
import { upstreamsSection } from './upstreams';
import { usersSection } from './users';

/** Every backup section, in restore order: a section may point at rows of the ones before it. */
export const SECTIONS = [
  usersSection,
  settingsSection,
  upstreamsSection,
  catalogIdsSection,
  localContentSection,
  bouquetsSection,
  linesSection,
  overridesSection,
  rulesSection,
  guidesSection,
] as const;
