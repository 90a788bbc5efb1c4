module.exports = require('../../jest.base.js')('wechat-fake', { testTimeout: 30000 });
