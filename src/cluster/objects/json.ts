/**
 * An object, or a part of one, as untyped JSON. The API server handles every kind with the same code (decoding,
 * defaults, validation, printers, patches), so it reads fields by name and checks their types where it uses them.
 */
export type JsonObject = Record<string, unknown>;
