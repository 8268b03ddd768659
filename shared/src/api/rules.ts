// The rules contracts land here.
export {};
