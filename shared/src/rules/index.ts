// The points engine (rules, calculation) lands here.
export {};
