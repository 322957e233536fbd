/**
 * A tiny schema language for lesson files, kept as plain data so one definition serves three readers: the validator
 * (precise errors with the file's line and column), the TypeScript types of a validated lesson (`Infer`), and later
 * a generated JSON Schema for editors. Every field carries a `description` written for an instructor: it is what an
 * error message says was expected ("needs "selector" (a label selector such as app=nginx)").
 */

export interface StringSchema {
  readonly type: 'string';
  readonly description: string;
  /** Allowed values (an instructor's typo lists them). */
  readonly enum?: readonly string[];
  /** A pattern the value must match, with what it means in words. */
  readonly pattern?: { readonly regex: RegExp; readonly means: string };
}

export interface NumberSchema {
  readonly type: 'integer' | 'number';
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanSchema {
  readonly type: 'boolean';
  readonly description: string;
}

/** A scalar of any type: a field compared with `equals` may be a number, text or a boolean. */
export interface ScalarSchema {
  readonly type: 'scalar';
  readonly description: string;
}

export interface ArraySchema<I extends Schema = Schema> {
  readonly type: 'array';
  readonly description: string;
  readonly items: I;
}

export interface ObjectSchema<F extends Fields = Fields> {
  readonly type: 'object';
  readonly description: string;
  readonly fields: F;
  /** Groups of fields of which exactly one (`oneOf`) or at least one (`anyOf`) must be given. */
  readonly oneOf?: readonly (readonly string[])[];
  readonly anyOf?: readonly (readonly string[])[];
}

export type Schema = StringSchema | NumberSchema | BooleanSchema | ScalarSchema | ArraySchema | ObjectSchema;

/** A field of an object: its schema and whether it may be left out. */
export interface Field<S extends Schema = Schema> {
  readonly schema: S;
  readonly optional: boolean;
}

export type Fields = Readonly<Record<string, Field>>;

type InferSchema<S> = S extends { type: 'string'; enum: readonly (infer E)[] }
  ? E
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'integer' | 'number' }
      ? number
      : S extends { type: 'boolean' }
        ? boolean
        : S extends { type: 'scalar' }
          ? string | number | boolean
          : S extends { type: 'array'; items: infer I }
            ? InferSchema<I>[]
            : S extends { type: 'object'; fields: infer F }
              ? InferFields<F>
              : never;

type InferFields<F> = {
  [K in keyof F as F[K] extends { optional: false } ? K : never]: F[K] extends Field<infer S> ? InferSchema<S> : never;
} & {
  [K in keyof F as F[K] extends { optional: true } ? K : never]?: F[K] extends Field<infer S> ? InferSchema<S> : never;
};

/** The value a schema accepts, as a TypeScript type. */
export type Infer<S extends Schema> = InferSchema<S>;

export const required = <S extends Schema>(schema: S): Field<S> & { optional: false } => ({ schema, optional: false });
export const optional = <S extends Schema>(schema: S): Field<S> & { optional: true } => ({ schema, optional: true });

export const text = (description: string, extra: Omit<StringSchema, 'type' | 'description'> = {}): StringSchema => ({
  type: 'string',
  description,
  ...extra,
});

export const oneOfText = <const E extends readonly string[]>(
  description: string,
  values: E,
): StringSchema & { enum: E } => ({ type: 'string', description, enum: values });

export const integer = (description: string, range: { min?: number; max?: number } = {}): NumberSchema => ({
  type: 'integer',
  description,
  ...range,
});

export const boolean = (description: string): BooleanSchema => ({ type: 'boolean', description });

export const scalar = (description: string): ScalarSchema => ({ type: 'scalar', description });

export const list = <I extends Schema>(description: string, items: I): ArraySchema<I> => ({
  type: 'array',
  description,
  items,
});

export const object = <const F extends Fields>(
  description: string,
  fields: F,
  groups: {
    oneOf?: readonly (readonly (keyof F & string)[])[];
    anyOf?: readonly (readonly (keyof F & string)[])[];
  } = {},
): ObjectSchema<F> => ({ type: 'object', description, fields, ...groups });
