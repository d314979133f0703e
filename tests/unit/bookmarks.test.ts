import { describe, expect, it } from 'vitest';
import { bookmarkFromHash, bookmarkLink, parseBookmark, parseBookmarkFile, type Bookmark } from '../../src/page-state/bookmarks.ts';

describe('bookmarks from files and links', () => {
  const good = { name: 'North', notes: 'n', search: 'k=5', camera: { position: [1, 2, 3], target: [0, 0, 0] }, segmentNames: ['A', 'B'], lasso: { polygon: [0, 0, 10, 0, 10, 10], width: 800, height: 600, kept: true } };

  it('reads a good one, and a list', () => {
    expect(parseBookmark(good)).toEqual(good);
    expect(parseBookmarkFile(JSON.stringify([good, { ...good, name: 'South', lasso: null }]), 'b.json')).toHaveLength(2);
  });

  it('says what is wrong with a bad one, naming the file and the bookmark', () => {
    expect(parseBookmarkFile('{', 'b.json')).toBe('b.json is not JSON');
    expect(parseBookmarkFile(JSON.stringify({ ...good, name: '' }), 'b.json')).toBe('b.json: a bookmark needs a name (at most 200 characters)');
    expect(parseBookmark({ ...good, camera: { position: [1, 2], target: [0, 0, 0] } })).toBe('bookmark "North": the camera needs a position and a target of 3 numbers each');
    expect(parseBookmark({ ...good, lasso: { polygon: [1, 2, 3], width: 1, height: 1 } })).toMatch(/the lasso must be an even list/);
    expect(parseBookmark({ ...good, lasso: { ...good.lasso, matrix: [1, 0, 0] } })).toMatch(/the lasso's matrix must be 16 numbers/);
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    expect(parseBookmark({ ...good, lasso: { ...good.lasso, matrix: identity } })).toMatchObject({ lasso: { matrix: identity } });
    expect(parseBookmark({ ...good, segmentNames: [1] })).toBe('bookmark "North": segment names must be texts');
  });

  it('travels in a link fragment and back, text included', () => {
    const bookmark = parseBookmark({ ...good, notes: 'Zoë <b>€</b>' }) as Bookmark;
    const link = bookmarkLink(bookmark, 'http://x/');
    expect(link.startsWith('http://x/?k=5#bookmark=')).toBe(true);
    expect(bookmarkFromHash(new URL(link).hash)).toEqual(bookmark);
    expect(bookmarkFromHash('#bookmark=@@')).toBeNull();
    expect(bookmarkFromHash('#bookmark=abc')).toBe("this link's bookmark could not be read");
  });
});
