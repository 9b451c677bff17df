import { describe, expect, it } from 'vitest';
import { planDatums } from './plan-datums.js';
import { fakeRepos, filesAt, roots, testSpec } from './test-helpers.js';

// The join and group examples of Pachyderm's documentation (concepts/pipeline-concepts/
// datum/join.md and group.md), with their file lists and their documented datums.

const readings = filesAt(['/ID1234/file1.txt', '/ID1234/file2.txt', '/ID1234/file3.txt', '/ID1234/file4.txt', '/ID1234/file5.txt']);
const parameters = filesAt([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `/file${n}.txt`));
const repos = fakeRepos({ readings, parameters });

describe('Pachyderm join example (readings × parameters)', () => {
  it('inner join gives the five matching pairs', () => {
    const datums = planDatums(testSpec('joins-inner.json').input, repos);
    expect(datums).toHaveLength(5);
    expect(roots(datums)).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`readings:/ID1234/file${n}.txt`, `parameters:/file${n}.txt`]),
    );
    expect(datums.map((d) => d.inputs.map((i) => i.joinOn))).toEqual([1, 2, 3, 4, 5].map((n) => [`file${n}`, `file${n}`]));
  });

  it('outer join on parameters adds one datum per unmatched parameter file: 8', () => {
    const datums = planDatums(testSpec('joins-outer.json').input, repos);
    expect(datums).toHaveLength(8);
    expect(roots(datums)).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => [`readings:/ID1234/file${n}.txt`, `parameters:/file${n}.txt`]),
      ['parameters:/file6.txt'],
      ['parameters:/file7.txt'],
      ['parameters:/file8.txt'],
    ]);
  });

  it('each datum holds the matched files with their hashes', () => {
    const [first] = planDatums(testSpec('joins-inner.json').input, repos);
    expect(first!.inputs.map((i) => i.files)).toEqual([
      [{ path: '/ID1234/file1.txt', hash: 'v1:/ID1234/file1.txt', size: 17 }],
      [{ path: '/file1.txt', hash: 'v1:/file1.txt', size: 10 }],
    ]);
  });
});

describe('Pachyderm group example (lab results by patient)', () => {
  const labresults = filesAt([
    '/LIPID-patientID1-labID1.txt',
    '/LIPID-patientID2-labID1.txt',
    '/LIPID-patientID1-labID2.txt',
    '/LIPID-patientID3-labID3.txt',
    '/LIPID-patientID1-labID3.txt',
    '/LIPID-patientID2-labID3.txt',
  ]);

  it('gives three datums: files 1, 3, 5; files 2, 6; file 4', () => {
    const datums = planDatums(testSpec('group-labresults.yaml').input, fakeRepos({ labresults }));
    expect(datums).toHaveLength(3);
    expect(datums.map((d) => d.inputs.map((i) => i.root))).toEqual([
      ['/LIPID-patientID1-labID1.txt', '/LIPID-patientID1-labID2.txt', '/LIPID-patientID1-labID3.txt'],
      ['/LIPID-patientID2-labID1.txt', '/LIPID-patientID2-labID3.txt'],
      ['/LIPID-patientID3-labID3.txt'],
    ]);
    expect(datums.map((d) => [...new Set(d.inputs.map((i) => i.groupBy))])).toEqual([['patientID1'], ['patientID2'], ['patientID3']]);
  });
});
