/**
 * The `DateTime` scalar: a point in time as an ISO 8601 string in UTC, with milliseconds
 * (`2024-05-01T12:00:00.000Z`). The graph stores times as such strings already.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { builder } from './builder.js';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`${JSON.stringify(String(value))} is not an ISO 8601 date-time`);
  return date;
}

builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO 8601 string in UTC: 2024-05-01T12:00:00.000Z.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new InvalidArgumentError('a DateTime is written as an ISO 8601 string');
    return toDate(value);
  },
});
