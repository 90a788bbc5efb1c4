// Browser suite: the real BFF (embedded MongoDB, real Redis, demo data) serving the H5 build, driven by Chromium.
module.exports = require('../../jest.base.js')('e2e', {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/support/jest-setup.ts'],
});
