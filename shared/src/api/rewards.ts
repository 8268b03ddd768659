// The rewards contracts land here.
export {};
