// The tiers contracts land here.
export {};
