module.exports = require('../jest.base.js')('bff', { testTimeout: 30000 });
