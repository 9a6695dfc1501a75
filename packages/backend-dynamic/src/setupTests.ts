// These tests bundle the plugin with esbuild and start whole backends that load it from a
// folder: far beyond jest's 5 s default on a 2-core machine.
jest.setTimeout(120_000);

export {};
