import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import {
  MAX_NAME_LENGTH,
  validateBranchName,
  validatePipelineName,
  validateProjectName,
  validateRepoName,
} from './validate-name.js';

const validators = {
  repo: validateRepoName,
  branch: validateBranchName,
  project: validateProjectName,
  pipeline: validatePipelineName,
};

function refusal(validate: (name: string) => void, name: string): InvalidArgumentError {
  try {
    validate(name);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`expected ${JSON.stringify(name)} to be refused`);
}

describe.each(Object.entries(validators))('%s names', (kind, validate) => {
  it.each(['images', 'foo2', '5bar', 'foo_bar', 'foo-bar', 'A-Z_0-9', 'x', '-', 'a'.repeat(MAX_NAME_LENGTH)])(
    'accepts %j',
    (name) => {
      expect(() => validate(name)).not.toThrow();
    },
  );

  it.each(['foo.bar', 'foo^3', 'foo~1', 'a@b', 'a:b', 'a/b', 'a b', ' a', 'a\n', 'é', '*', 'bizz, buzz'])(
    'refuses %j, naming the name and the rule',
    (name) => {
      const err = refusal(validate, name);
      expect(err.message).toContain(`${kind} name ${JSON.stringify(name)} is invalid`);
      expect(err.message).toContain('letters, digits, "_" and "-"');
      expect(err.details).toEqual({ kind, name });
    },
  );

  it('refuses the empty name', () => {
    expect(refusal(validate, '').message).toContain(`${kind} name must not be empty`);
  });

  it('refuses a name over 63 characters', () => {
    const err = refusal(validate, 'a'.repeat(MAX_NAME_LENGTH + 1));
    expect(err.message).toContain('64 characters');
    expect(err.message).toContain('at most 63');
  });
});

describe('validateBranchName', () => {
  it('refuses names that would be read as commit ids', () => {
    expect(refusal(validateBranchName, 'c32879ae0e6f4b629a43429b7ec10ccc').message).toContain(
      'read as a commit id',
    );
    expect(() => validateBranchName('C32879AE0E6F4B629A43429B7EC10CCC')).toThrow(/commit id/);
  });

  it('accepts hexadecimal names of another length', () => {
    expect(() => validateBranchName('c32879ae')).not.toThrow();
    expect(() => validateBranchName('c32879ae0e6f4b629a43429b7ec10ccc0')).not.toThrow();
  });
});
