import { describe, expect, it } from 'vitest';
import { draftOf, itemPatchOf } from '@/components/admin/content-browser/item-patch';
import type { ContentItemView } from '@/lib/content-browser/schemas';

const channel: ContentItemView = {
  publicId: 7, name: 'BBC One', originalName: 'UK: BBC One', hidden: false, channelNumber: 101, type: 'live', source: 'upstream',
  upstreamId: 'u', upstreamName: 'P', category: 'News', categoryId: 3, icon: 'http://x/logo.png', thumb: null, year: null, rating: null,
  containerExtension: null, epgChannelId: 'bbc1.uk', addedAt: null, stale: false, served: true,
};

describe('item dialog body', () => {
  it('sends nothing when nothing changed', () => {
    expect(itemPatchOf(channel, draftOf(channel))).toEqual({});
  });

  it('sends only the changed fields, trimmed', () => {
    const d = { ...draftOf(channel), name: '  BBC 1 ', hidden: true, categoryId: 9, channelNumber: '5' };
    expect(itemPatchOf(channel, d)).toEqual({ name: 'BBC 1', hidden: true, categoryId: 9, channelNumber: 5 });
  });

  it('sends null for every field to restore, and for an emptied number, logo or guide id', () => {
    const restored = { ...draftOf(channel), restore: ['name', 'categoryId', 'channelNumber', 'logo', 'epgChannelId'] as const };
    expect(itemPatchOf(channel, restored)).toEqual({ name: null, categoryId: null, channelNumber: null, logo: null, epgChannelId: null });
    expect(itemPatchOf(channel, { ...draftOf(channel), channelNumber: '', logo: ' ', epgChannelId: '' })).toEqual({ channelNumber: null, logo: null, epgChannelId: null });
  });

  it('leaves channel numbers and guide ids out for movies, and passes a bad number on for the API to name', () => {
    const movie: ContentItemView = { ...channel, type: 'movie', channelNumber: null, epgChannelId: null };
    expect(itemPatchOf(movie, { ...draftOf(movie), channelNumber: '4', epgChannelId: 'x' })).toEqual({});
    expect(itemPatchOf(channel, { ...draftOf(channel), channelNumber: '1.5' })).toEqual({ channelNumber: '1.5' });
  });
});
