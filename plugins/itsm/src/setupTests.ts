import '@testing-library/jest-dom';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!(globalThis as any).ResizeObserver) {
  (globalThis as any).ResizeObserver = ResizeObserverStub;
}

// The suites render whole Backstage test apps and type into forms with userEvent: on a 2-core
// machine that also runs other suites a form test took over 20 s, so allow a minute.
jest.setTimeout(60000);
