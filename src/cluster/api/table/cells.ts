/**
 * Lenient readers for printing: a table row never throws on a malformed object (a real server's printers work on
 * typed objects, where a missing field is its zero value), so each reader falls back to that zero value.
 */
import type { JsonObject } from '../../objects/index.js';

/** An object's fields, or none. */
export const fieldsOf = (v: unknown): JsonObject => (v && typeof v === 'object' ? (v as JsonObject) : {});
/** A list of objects, or an empty one. */
export const listOf = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v as JsonObject[]) : []);
export const numberOf = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const stringOf = (v: unknown): string => (typeof v === 'string' ? v : '');
