import type { components, operations, paths } from './generated/api.ts';

// Names for the generated OpenAPI types the SDK's own code and its users need; every request and
// response type comes from the generated `paths` and `components`, never written by hand.

export type { components, operations, paths };

export type Schemas = components['schemas'];
export type TokenPair = Schemas['TokenPair'];
export type ErrorBody = Schemas['Error'];
export type ErrorCode = ErrorBody['error']['code'];
