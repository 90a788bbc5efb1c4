// WeChat build smoke test: the weapp output (built once, cached by a hash of the mini-program's sources)
// booted page by page in a Node sandbox like WeChat's logic layer, against the real BFF.
module.exports = require('../../jest.base.js')('weapp', {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.test.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
});
