// The campaigns contracts land here.
export {};
