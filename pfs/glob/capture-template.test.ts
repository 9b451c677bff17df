import { describe, expect, it } from 'vitest';
import { expandTemplate, templateGroups } from './capture-template.js';

describe('templateGroups', () => {
  it.each<[string, number[]]>([
    ['$1', [1]],
    ['$1$2', [1, 2]],
    ['${2}-$1', [1, 2]],
    ['$12', [12]],
    ['${1}2', [1]],
    ['$$1', []],
    ['$0', [0]],
    ['$&', [0]],
    ['plain', []],
    ['$x', []],
    ['$1$1', [1]],
  ])('%s → %j', (template, groups) => expect(templateGroups(template)).toEqual(groups));
});

describe('expandTemplate', () => {
  const caps = ['a', 'b'];
  it.each([
    ['$1', 'a'],
    ['$1$2', 'ab'],
    ['$2-$1', 'b-a'],
    ['${1}2', 'a2'],
    ['$$1', '$1'],
    ['$0', '/a_b.txt'],
    ['$&', '/a_b.txt'],
    ['id:$1', 'id:a'],
    ['$x', '$x'],
    ['$3', ''],
  ])('%s → %s', (template, expected) => expect(expandTemplate(template, caps, '/a_b.txt')).toBe(expected));
});
