// Not built yet: see the README. The package exists so the workspace layout and builds are in place.
export {};
