import { getSettings, saveSettings, settingsSchema } from '@/lib/settings';
import { defineSection } from '../section';

export const settingsSection = defineSection({
  name: 'settings',
  schema: settingsSchema,
  read: () => getSettings(),
  async write(settings) {
    await saveSettings(settings);
    return 1;
  },
});
