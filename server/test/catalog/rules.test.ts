import { describe, expect, it } from 'vitest';
import {
  canTransition,
  changedFields,
  citiesFromDivisions,
  deletionOf,
  duplicateCredits,
  lockedFields,
  unusableCategories,
  type ProductionContent,
} from '../../src/modules/catalog/rules.js';
import { containsPattern } from '../../src/db/like.js';

const content: ProductionContent = {
  kind: 'performance',
  title: '茶馆',
  originalTitle: null,
  synopsis: '老舍名作',
  categories: ['play'],
  durationMinutes: 150,
  ageRating: null,
  releaseDate: null,
  posterUrl: null,
  companyId: null,
  people: [{ personId: 'p1', role: 'cast', characterName: '王利发' }],
};

describe('catalogue rules', () => {
  it('lets a merchant only submit a draft, and the platform review, archive and restore', () => {
    expect(canTransition('merchant', 'draft', 'pending-review')).toBe(true);
    expect(canTransition('merchant', 'draft', 'published')).toBe(false);
    expect(canTransition('merchant', 'pending-review', 'published')).toBe(false);
    expect(canTransition('merchant', 'published', 'archived')).toBe(false);
    expect(canTransition('admin', 'pending-review', 'published')).toBe(true);
    expect(canTransition('admin', 'pending-review', 'draft')).toBe(true);
    expect(canTransition('admin', 'published', 'draft')).toBe(false);
    expect(canTransition('admin', 'published', 'archived')).toBe(true);
    expect(canTransition('admin', 'archived', 'published')).toBe(true);
  });

  it('deletes only drafts', () => {
    expect(deletionOf('draft')).toBe('delete');
    expect(deletionOf('pending-review')).toBe('archive');
    expect(deletionOf('published')).toBe('archive');
    expect(deletionOf('archived')).toBe('archive');
  });

  it('sees only the fields whose value changes', () => {
    expect(changedFields(content, { ...content })).toEqual([]);
    expect(changedFields(content, { title: '茶馆', synopsis: '新简介' })).toEqual(['synopsis']);
    expect(changedFields(content, { people: [{ personId: 'p1', role: 'cast', characterName: '王利发' }] })).toEqual([]);
    expect(changedFields(content, { people: [{ personId: 'p1', role: 'cast' }] })).toEqual(['people']);
    expect(changedFields(content, { categories: ['play', 'comedy'], originalTitle: null })).toEqual(['categories']);
    expect(changedFields(content, { posterUrl: 'https://x/y.png', kind: 'exhibition' })).toEqual(['posterUrl', 'kind']);
  });

  it('locks fields by status and editor', () => {
    expect(lockedFields('merchant', 'draft', ['kind', 'title'])).toEqual([]);
    expect(lockedFields('merchant', 'pending-review', ['synopsis', 'title'])).toEqual(['title']);
    expect(lockedFields('merchant', 'published', ['synopsis', 'posterUrl'])).toEqual([]);
    expect(lockedFields('merchant', 'published', ['kind', 'people'])).toEqual(['kind', 'people']);
    expect(lockedFields('merchant', 'archived', ['synopsis'])).toEqual(['synopsis']);
    expect(lockedFields('admin', 'published', ['title', 'people', 'kind'])).toEqual(['kind']);
    expect(lockedFields('admin', 'archived', ['title'])).toEqual([]);
  });

  it('finds categories that are unknown or of another kind', () => {
    const known = new Map([
      ['play', ['performance']],
      ['comedy', ['movie', 'performance']],
    ]);
    expect(unusableCategories(['play', 'comedy'], known, 'performance')).toEqual([]);
    expect(unusableCategories(['play', 'comedy', 'nope'], known, 'movie')).toEqual(['play', 'nope']);
  });

  it('finds a person credited twice in one role', () => {
    expect(
      duplicateCredits([
        { personId: 'a', role: 'cast' },
        { personId: 'a', role: 'director' },
        { personId: 'b', role: 'cast' },
      ]),
    ).toEqual([]);
    expect(
      duplicateCredits([
        { personId: 'a', role: 'cast', characterName: 'X' },
        { personId: 'a', role: 'cast', characterName: 'Y' },
      ]),
    ).toEqual([{ personId: 'a', role: 'cast', characterName: 'Y' }]);
  });

  it('escapes LIKE wildcards', () => {
    expect(containsPattern('流浪')).toBe('%流浪%');
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });

  it('turns GB/T 2260 divisions into provinces and cities', () => {
    const rows = citiesFromDivisions({
      provinces: [
        { code: '110000', name: '北京市' },
        { code: '330000', name: '浙江省' },
        { code: '420000', name: '湖北省' },
        { code: '810000', name: '香港特别行政区' },
      ],
      prefectures: [
        { code: '330100', name: '杭州市' },
        { code: '429000', name: '湖北省-自治区直辖县级行政区划' },
        { code: '520100', name: '贵阳市' },
      ],
      counties: [
        { code: '110101', name: '东城区' },
        { code: '429004', name: '仙桃市' },
        { code: '429021', name: '神农架林区' },
      ],
    });
    expect(rows).toEqual([
      { code: '110000', name: '北京市', provinceCode: '110000', provinceName: '北京市', level: 'province' },
      { code: '110100', name: '北京市', provinceCode: '110000', provinceName: '北京市', level: 'city' },
      { code: '330000', name: '浙江省', provinceCode: '330000', provinceName: '浙江省', level: 'province' },
      { code: '330100', name: '杭州市', provinceCode: '330000', provinceName: '浙江省', level: 'city' },
      { code: '420000', name: '湖北省', provinceCode: '420000', provinceName: '湖北省', level: 'province' },
      { code: '429004', name: '仙桃市', provinceCode: '420000', provinceName: '湖北省', level: 'city' },
      { code: '810000', name: '香港特别行政区', provinceCode: '810000', provinceName: '香港特别行政区', level: 'province' },
    ]);
  });
});
