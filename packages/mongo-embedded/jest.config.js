module.exports = require('../../jest.base.js')('mongo-embedded', { testTimeout: 30000 });
