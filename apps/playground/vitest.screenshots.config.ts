import e2e from './vitest.e2e.config.js';

// `pnpm --filter @gradflow/playground screenshots`: the end-to-end setup (build, serve, one
// chromium) running test/e2e/screenshots.shot.ts, which writes docs/screenshots/<view>-desktop.png
// (1280x800) and <view>-mobile.png (390x844). Not part of `pnpm test`, and leaves no report.
export default {
  ...e2e,
  test: {
    ...e2e.test,
    include: ['test/e2e/**/*.shot.ts'],
    reporters: ['default'],
    outputFile: undefined,
  },
};
