// The segments contracts land here.
export {};
