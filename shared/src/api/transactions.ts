// The transactions contracts land here.
export {};
