module.exports = require('../../jest.base.js')('mongo-embedded');
